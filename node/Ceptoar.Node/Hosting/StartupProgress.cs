namespace Ceptoar.Node.Hosting;

/// <summary>What the start-up was doing when it failed: it decides the class of the failure and the exit code (docs/OPERATIONS.md §2).</summary>
internal enum StartupStep
{
    /// <summary>Reading --config, appsettings.json and the settings; also the roster and threat-type files the settings name.</summary>
    Configuration,

    /// <summary>Creating the data directory and its logs folder.</summary>
    DataDirectory,

    /// <summary>Taking the data directory's lock (node.lock).</summary>
    DataDirectoryLock,

    /// <summary>Loading the trust roots and this node's keys and certificates.</summary>
    Credentials,

    /// <summary>Opening and migrating node.db.</summary>
    Database,

    /// <summary>Registering the services and loading what they hold in memory.</summary>
    Composition,

    /// <summary>Binding the member and federation ports and the admin socket, and starting the services.</summary>
    Listen,

    /// <summary>Started: what fails from here on is not a start-up failure.</summary>
    Running,
}

/// <summary>Where the start-up has got to, and the node settings once they are read (to name the setting at fault).</summary>
internal sealed class StartupProgress
{
    public StartupStep Step { get; set; } = StartupStep.Configuration;

    public NodeOptions? Node { get; set; }

    /// <summary>The listener whose address could not be bound, when the start failed while binding (null if unknown).</summary>
    public Listener? FailedListener { get; set; }
}
