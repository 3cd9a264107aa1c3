using System.CommandLine;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Output;
using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Pki;

/// <summary>`pki sample`: a complete demo federation (root + ten nodes) whose keys are meant to be public.</summary>
internal static class SampleCommand
{
    public const string RootName = "CEPTOAR Sample Federation Root (NOT FOR PRODUCTION)";
    public const int ValidityYears = 10;

    /// <summary>
    /// The demo federation: NISC and the Council as hubs, three CEPTOAR secretariats, and the action plan's other actors
    /// (docs/MODES.md §1, §7): the FSA and METI as sector ministries, the Cabinet crisis office, the Cabinet Office's
    /// disaster management and the National Police Agency.
    /// </summary>
    public static readonly IReadOnlyList<string> NodeIds =
        ["nisc", "council", "bank-ceptoar", "electricity-ceptoar", "local-gov-ceptoar", "fsa", "meti", "cas-crisis", "cao-disaster", "npa"];

    /// <summary>The role certified for a sample node.</summary>
    public static NodeRole RoleOf(string nodeId) => nodeId switch
    {
        "nisc" => NodeRole.Nisc,
        "council" => NodeRole.Council,
        "fsa" or "meti" => NodeRole.Ministry,
        "cas-crisis" => NodeRole.CabinetCrisis,
        "cao-disaster" => NodeRole.DisasterManagement,
        "npa" => NodeRole.IncidentHandling,
        _ => NodeRole.Secretariat,
    };

    public static Command Create()
    {
        var outOption = new Option<string>("--out") { Description = PkiText.SampleOutDescription, Required = true };
        var forceOption = PkiCommands.ForceOption();
        var command = new Command("sample", PkiText.SampleDescription)
        {
            outOption, forceOption,
        };
        command.SetAction(parseResult => PkiCommands.Run(parseResult, output =>
        {
            var directory = parseResult.GetRequiredValue(outOption);
            var force = parseResult.GetValue(forceOption);
            var rootFiles = new[] { Path.Combine(directory, FederationCa.CertificateFileName), Path.Combine(directory, FederationCa.KeyFileName) };
            // Everything is checked before anything is written, so a refused run leaves the directory as it was.
            PkiCommands.RefuseToOverwrite(rootFiles.Concat(NodeIds.SelectMany(id => IssueNodeCommand.AllFiles(new NodeKeyFiles(Path.Combine(directory, id))))), force);

            var now = DateTimeOffset.UtcNow;
            var validity = now.AddYears(ValidityYears) - now;
            using var root = FederationCa.CreateRoot(RootName, validity);
            root.Save(directory);
            output.WriteLine(Localized.Format(PkiText.SampleRootCreated, root.Certificate.Subject, directory, Formats.Time(root.Certificate.NotAfter.ToUniversalTime())));
            foreach (var nodeId in NodeIds)
            {
                var role = RoleOf(nodeId);
                var files = root.IssueNode(nodeId, Path.Combine(directory, nodeId), validity, role: role);
                output.WriteLine($"  {nodeId} ({NodeRoles.Name(role)}): {files.Directory}");
            }

            output.WriteLine(PkiText.SampleKeysWarning);
            return 0;
        }));
        return command;
    }
}
