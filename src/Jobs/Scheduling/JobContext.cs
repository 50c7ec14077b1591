using Microcredit.Scoring.Storage;
using Microsoft.Extensions.Configuration;

namespace Microcredit.Jobs.Scheduling;

/// <summary>
/// What one run of a platform job gets: the database, the platform's clock (pinnable), the date
/// the run is for (its "today"; a rerun for the same date must be idempotent), the configuration
/// (each job reads its own section, <c>Jobs:&lt;name&gt;</c>), and the run's id in <c>job_runs</c>.
/// </summary>
public sealed record JobContext(Database Database, TimeProvider Time, DateOnly AsOf, IConfiguration Configuration, string RunId);
