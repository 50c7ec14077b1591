namespace Microcredit.Jobs.Scheduling;

/// <summary>What a Quartz firing needs from the process: the runner and the jobs it may run by name.</summary>
public sealed class JobHost(JobRunner runner, IReadOnlyList<JobDefinition> jobs)
{
    public JobRunner Runner { get; } = runner;

    public IReadOnlyList<JobDefinition> Jobs { get; } = jobs;

    public JobDefinition? Find(string name) => Jobs.FirstOrDefault(j => j.Name == name);
}
