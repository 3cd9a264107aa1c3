namespace Ceptoar.Core.Tests.Interchange;

/// <summary>The schema check the export tests rely on can fail: bundles that break the OASIS schemas are caught.</summary>
public sealed class StixSchemasTests
{
    [Theory]
    // A UUIDv7 item id used as it is: identifier.json wants a UUID of version 1 to 5.
    [InlineData("""{"type":"bundle","id":"bundle--01938a4e-6f00-7000-8000-000000000001"}""")]
    // A report without published and object_refs.
    [InlineData("""{"type":"bundle","id":"bundle--c1d1fb15-a529-5b56-8199-862c2aa80d67","objects":[{"type":"report","spec_version":"2.1","id":"report--c1d1fb15-a529-5b56-8199-862c2aa80d67","created":"2026-12-06T00:00:00.000Z","modified":"2026-12-06T00:00:00.000Z","name":"x"}]}""")]
    // created without milliseconds.
    [InlineData("""{"type":"bundle","id":"bundle--c1d1fb15-a529-5b56-8199-862c2aa80d67","objects":[{"type":"identity","spec_version":"2.1","id":"identity--c1d1fb15-a529-5b56-8199-862c2aa80d67","created":"2026-12-06T00:00:00Z","modified":"2026-12-06T00:00:00.000Z","name":"x"}]}""")]
    // An empty list.
    [InlineData("""{"type":"bundle","id":"bundle--c1d1fb15-a529-5b56-8199-862c2aa80d67","objects":[]}""")]
    // An extension-definition in a bundle (docs/INTERCHANGE.md §1.5: why the export leaves it out).
    [InlineData("""{"type":"bundle","id":"bundle--c1d1fb15-a529-5b56-8199-862c2aa80d67","objects":[{"type":"extension-definition","spec_version":"2.1","id":"extension-definition--8dccff46-60d1-4b63-9715-6fdf884f0f37","created_by_ref":"identity--c1d1fb15-a529-5b56-8199-862c2aa80d67","created":"2026-12-06T00:00:00.000Z","modified":"2026-12-06T00:00:00.000Z","name":"x","schema":"x","version":"1.0.0","extension_types":["property-extension"]}]}""")]
    public void Errors_BundleBreakingTheSchemas_AreFound(string bundle)
    {
        Assert.NotEmpty(StixSchemas.Errors(System.Text.Encoding.UTF8.GetBytes(bundle)));
    }

    [Fact]
    public void Errors_MinimalValidBundle_None()
    {
        var bundle = """{"type":"bundle","id":"bundle--c1d1fb15-a529-5b56-8199-862c2aa80d67","objects":[{"type":"identity","spec_version":"2.1","id":"identity--c1d1fb15-a529-5b56-8199-862c2aa80d67","created":"2026-12-06T00:00:00.000Z","modified":"2026-12-06T00:00:00.000Z","name":"x"}]}""";

        Assert.Empty(StixSchemas.Errors(System.Text.Encoding.UTF8.GetBytes(bundle)));
    }
}
