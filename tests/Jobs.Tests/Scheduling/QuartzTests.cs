namespace Microcredit.Jobs.Tests.Scheduling;

/// <summary>
/// The test classes that start Quartz schedulers run one after another: Quartz keeps one scheduler
/// per name per process, and every worker's scheduler has the cluster's name.
/// </summary>
[CollectionDefinition(Name)]
public sealed class QuartzTests
{
    public const string Name = "quartz";
}
