-- The dashboard's portfolio and jobs pages (docs/dashboard.md, docs/jobs.md). Same conventions as 0001.

-- For the vintage curves, written by the servicing job with each row: the loan's disbursement date
-- (UTC) and the first day D on which it was 30 or more days past due as of D 00:00 UTC (servicing
-- rules, payments strictly before D), on or before the row's as_of; NULL if it never was. Dates as
-- text, so a month is substr(date, 1, 7) on both engines and one GROUP BY gives every cohort's
-- counts. Rows written before this migration hold NULL in both until servicing runs for their date
-- again.
ALTER TABLE loan_servicing ADD COLUMN disbursed_on TEXT;
ALTER TABLE loan_servicing ADD COLUMN first_dpd30_on TEXT;

-- The portfolio page reads the open and written-off loans of one date (about a seventh of the
-- rows on the sample), by status and by merchant.
CREATE INDEX ix_loan_servicing_status ON loan_servicing (as_of, status, merchant_id);

-- "Run now" from the dashboard: the service cannot reach the job workers, so it records a request
-- and a worker claims it (a conditional UPDATE from 'pending', so one worker only), fires the job
-- through its scheduler (job_runs rows, retries) and finishes the request with the last attempt's
-- run_id. as_of NULL = the worker's today. error: the last attempt's error, or why no run started.
CREATE TABLE job_requests (
    request_id TEXT PRIMARY KEY,
    job TEXT NOT NULL,
    as_of TEXT,
    requested_by TEXT NOT NULL,
    requested_at BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'claimed', 'succeeded', 'failed')),
    claimed_by TEXT,
    claimed_at BIGINT,
    finished_at BIGINT,
    run_id TEXT,
    error TEXT
);

-- Workers look for pending requests every few seconds.
CREATE INDEX ix_job_requests_status ON job_requests (status, requested_at);

-- The jobs page lists the latest failures of all jobs.
CREATE INDEX ix_job_runs_failed ON job_runs (started_at) WHERE status = 'failed';
