-- One row per attempt of a platform job (docs/jobs.md): written 'running' when the attempt starts
-- and finished as 'succeeded' (rows = what it wrote) or 'failed' (error = the exception's type
-- and message, never a stack trace). A retry is a new row with attempt + 1 and the same job and
-- as_of. worker: the Quartz instance id, or 'cli:<host>' for `credit jobs run`.
CREATE TABLE job_runs (
    run_id TEXT PRIMARY KEY,
    job TEXT NOT NULL,
    as_of TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    finished_at BIGINT,
    status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    attempt INTEGER NOT NULL,
    rows BIGINT,
    error TEXT,
    worker TEXT NOT NULL
);

-- `credit jobs list` and the runner read each job's latest run.
CREATE INDEX ix_job_runs_job ON job_runs (job, started_at);
