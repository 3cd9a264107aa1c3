using System.Text;
using System.Text.Json.Nodes;
using Ceptoar.Core.Interchange;
using Ceptoar.Core.Interchange.Stix;

namespace Ceptoar.Core.Tests.Interchange;

/// <summary>
/// Exported bundles broken every way a program can break them (every value swapped for every JSON type, truncated at every
/// seventh byte, bytes overwritten at random): the import answers with ImportDocumentException or refusals, never with
/// another exception.
/// </summary>
public sealed class StixFuzzImportTests
{
    private static readonly ImportOptions Options = new(null, 10_000_000);

    [Fact]
    public void Read_EveryValueOfAnExportedBundleSwappedForEveryJsonType_OnlyDocumentErrorsOrRefusals()
    {
        var items = new[] { StixTestItems.Exported(StixTestItems.Item(submittedBy: true, exercise: true)) };
        var original = JsonNode.Parse(StixExport.Bundle(items, StixTestItems.Context))!;
        JsonNode?[] replacements = [null, 0, -1.5, true, "", "x", new JsonArray(), new JsonArray(1), new JsonObject(), new JsonObject { ["a"] = "b" }];
        var paths = new List<JsonNode>();
        Collect(original, paths);
        var tried = 0;
        foreach (var node in paths)
        {
            foreach (var replacement in replacements)
            {
                var copy = original.DeepClone();
                var target = Find(copy, node.GetPath());
                if (target?.Parent is null)
                {
                    continue;
                }

                Replace(target, replacement?.DeepClone());
                AnswersOnlyAsDocumented(Encoding.UTF8.GetBytes(copy.ToJsonString()));
                tried++;
            }
        }

        Assert.True(tried > 1_000, $"only {tried} variants tried");
    }

    [Fact]
    public void Read_ExportedBundleTruncatedOrCorruptedAnywhere_OnlyDocumentErrorsOrRefusals()
    {
        var bytes = StixExport.Bundle([StixTestItems.Exported(StixTestItems.Item(submittedBy: true))], StixTestItems.Context);
        var random = new Random(16);
        for (var cut = 0; cut < bytes.Length; cut += 7)
        {
            AnswersOnlyAsDocumented(bytes[..cut]);
        }

        for (var n = 0; n < 2_000; n++)
        {
            var copy = (byte[])bytes.Clone();
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
            AnswersOnlyAsDocumented(copy);
        }

        // Tokens that change a document's structure or strings, inserted anywhere.
        string[] tokens = ["\\ud800", "\\udc00", "\\u0000", "\\", "\"", "{", "[", "]", "}", ",", ":", "null", "\uFEFF", "\u0000"];
        for (var n = 0; n < 2_000; n++)
        {
            var at = random.Next(bytes.Length);
            AnswersOnlyAsDocumented([.. bytes[..at], .. Encoding.UTF8.GetBytes(tokens[random.Next(tokens.Length)]), .. bytes[at..]]);
        }
    }

    private static void AnswersOnlyAsDocumented(byte[] document)
    {
        try
        {
            var outcome = StixImport.Read(document, Options);
            Assert.All(outcome.Refusals, r => Assert.False(string.IsNullOrEmpty(r.Code + r.Reason + r.SourceId)));
        }
        catch (ImportDocumentException e)
        {
            Assert.False(string.IsNullOrEmpty(e.Field));
            Assert.False(string.IsNullOrEmpty(e.Code));
        }
    }

    private static void Collect(JsonNode node, List<JsonNode> into)
    {
        into.Add(node);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    if (child is not null)
                    {
                        Collect(child, into);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (child is not null)
                    {
                        Collect(child, into);
                    }
                }

                break;
        }
    }

    private static JsonNode? Find(JsonNode root, string path)
    {
        var found = new List<JsonNode>();
        Collect(root, found);
        return found.FirstOrDefault(n => n.GetPath() == path);
    }

    private static void Replace(JsonNode target, JsonNode? replacement)
    {
        switch (target.Parent)
        {
            case JsonObject obj:
                obj[target.GetPropertyName()] = replacement;
                break;
            case JsonArray array:
                array[target.GetElementIndex()] = replacement;
                break;
        }
    }
}
