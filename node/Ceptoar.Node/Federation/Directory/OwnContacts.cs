using Ceptoar.Core.Descriptors;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Hosting;

namespace Ceptoar.Node.Federation.Directory;

/// <summary>The node's configured contact means and emergency contact, as its own descriptor carries them (docs/PROTOCOL.md §8).</summary>
internal static class OwnContacts
{
    /// <summary>
    /// Fills the structured fields (16, 17) and, for nodes that predate them, the readable strings (13, 14) with the same
    /// contacts, so every peer shows them whichever version it runs.
    /// </summary>
    public static void AddTo(NodeDescriptor descriptor, NodeOptions options)
    {
        foreach (var mean in options.ContactMeans)
        {
            var point = new ContactPoint { Kind = mean.Kind, Value = mean.Value, LabelJa = mean.LabelJa, LabelEn = mean.LabelEn };
            descriptor.ContactPoints.Add(point);
            descriptor.ContactMeans.Add(DescriptorContacts.ReadableLine(point));
        }

        if (options.EmergencyContact is { } configured)
        {
            var desk = new EmergencyDesk
            {
                NameJa = configured.NameJa,
                NameEn = configured.NameEn,
                Phone = configured.Phone,
                Email = configured.Email,
                HoursJa = configured.HoursJa,
                HoursEn = configured.HoursEn,
                Since = configured.Since,
            };
            descriptor.EmergencyDesk = desk;
            descriptor.EmergencyContact = DescriptorContacts.ReadableLine(desk);
        }
    }
}
