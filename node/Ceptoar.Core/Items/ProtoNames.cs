using System.Collections.Concurrent;
using System.Reflection;
using Google.Protobuf.Reflection;

namespace Ceptoar.Core.Items;

/// <summary>The .proto names of enum values ("TLP_AMBER_STRICT"), which is what a person types in JSON or grpcurl.</summary>
internal static class ProtoNames
{
    private static readonly ConcurrentDictionary<(Type, int), string> Cache = new();

    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var number = Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
        return Cache.GetOrAdd((typeof(TEnum), number), static key =>
        {
            var (type, n) = key;
            var name = Enum.GetName(type, n);
            var field = name is null ? null : type.GetField(name);
            return field?.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? name ?? n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
    }

    public static string List<TEnum>(IEnumerable<TEnum> values)
        where TEnum : struct, Enum => string.Join(", ", values.Select(Of));
}
