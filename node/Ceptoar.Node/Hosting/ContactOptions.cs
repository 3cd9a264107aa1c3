namespace Ceptoar.Node.Hosting;

/// <summary>One way to reach the secretariat, signed into the node's descriptor: "Node:ContactMeans:0:Kind", ":Value", ":LabelJa", ":LabelEn".</summary>
public sealed class ContactMeanOption
{
    /// <summary>email, phone, fax, web, mobile, satellite-phone, tv-conference or other.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The address, number or URL, e.g. ceptoar@bank.example.jp or 03-0000-0001.</summary>
    public string Value { get; set; } = "";

    /// <summary>What it is for, for people reading Japanese; optional.</summary>
    public string LabelJa { get; set; } = "";

    /// <summary>What it is for, for people reading English; optional.</summary>
    public string LabelEn { get; set; } = "";
}

/// <summary>The node's emergency contact point (緊急窓口), signed into its descriptor: "Node:EmergencyContact:NameJa", ":Phone", ":HoursJa"….</summary>
public sealed class EmergencyContactOption
{
    /// <summary>The person or unit; at least one of NameJa and NameEn.</summary>
    public string NameJa { get; set; } = "";

    public string NameEn { get; set; } = "";

    /// <summary>At least one of Phone and Email.</summary>
    public string Phone { get; set; } = "";

    public string Email { get; set; } = "";

    /// <summary>When it answers, e.g. "24時間365日" and "24/7"; at least one of HoursJa and HoursEn.</summary>
    public string HoursJa { get; set; } = "";

    public string HoursEn { get; set; } = "";

    /// <summary>Year and month it was set up, "YYYY-MM"; optional.</summary>
    public string Since { get; set; } = "";
}
