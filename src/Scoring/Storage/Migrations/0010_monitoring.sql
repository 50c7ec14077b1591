-- Servicing, monitoring and retraining jobs (docs/jobs-monitoring.md). Each job replaces its
-- rows for a date in one transaction, so a rerun for the same date gives the same rows and
-- readers never see half a run. Same conventions as 0001.

-- Every loan disbursed before as_of 00:00 UTC, as of that instant (payments strictly before it).
-- bucket: current, 1-29, 30-59, 60-89, 90+ (by days_past_due); status: current, late, repaid, or
-- written_off once the loan has a loan_write_offs row dated on or before as_of.
CREATE TABLE loan_servicing (
    as_of TEXT NOT NULL,
    loan_id TEXT NOT NULL,
    merchant_id TEXT NOT NULL,
    origin TEXT NOT NULL,
    product TEXT NOT NULL,
    status TEXT NOT NULL,
    days_past_due BIGINT NOT NULL,
    bucket TEXT NOT NULL,
    principal_outstanding BIGINT NOT NULL,
    interest_outstanding BIGINT NOT NULL,
    penalty_accrued BIGINT NOT NULL,
    penalty_outstanding BIGINT NOT NULL,
    total_outstanding BIGINT NOT NULL,
    PRIMARY KEY (as_of, loan_id)
);

-- One row per loan ever written off: the day it first reached the configured days past due and
-- the principal outstanding then. Never updated or duplicated.
CREATE TABLE loan_write_offs (
    loan_id TEXT PRIMARY KEY,
    written_off_on TEXT NOT NULL,
    days_past_due BIGINT NOT NULL,
    principal_written_off BIGINT NOT NULL
);

-- The open book per date and bucket (loans neither repaid nor written off), for the dashboard;
-- all five buckets always present.
CREATE TABLE portfolio_summary (
    as_of TEXT NOT NULL,
    bucket TEXT NOT NULL,
    loans BIGINT NOT NULL,
    principal_outstanding BIGINT NOT NULL,
    total_outstanding BIGINT NOT NULL,
    PRIMARY KEY (as_of, bucket)
);

-- Model monitoring per date: metric psi (subject score or a feature), auc and ks (subject
-- matured), with the sample it was measured on and what that sample was (detail).
CREATE TABLE monitoring_results (
    as_of TEXT NOT NULL,
    model_id TEXT NOT NULL,
    metric TEXT NOT NULL,
    subject TEXT NOT NULL,
    value DOUBLE PRECISION,
    sample_size BIGINT NOT NULL,
    detail TEXT NOT NULL,
    PRIMARY KEY (as_of, model_id, metric, subject)
);

-- Alerts raised by the jobs, per date; a job replaces its own kinds for a date.
CREATE TABLE alerts (
    as_of TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    threshold DOUBLE PRECISION NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (as_of, kind, subject)
);

-- The weekly retrain: the challenger and the champion it was compared with, on the same
-- out-of-time window of matured loans. promoted = 1 on the challenger row when it became champion.
CREATE TABLE model_evaluations (
    as_of TEXT NOT NULL,
    role TEXT NOT NULL,
    model_id TEXT NOT NULL,
    train_from TEXT NOT NULL,
    train_to TEXT NOT NULL,
    train_loans BIGINT NOT NULL,
    eval_from TEXT NOT NULL,
    eval_to TEXT NOT NULL,
    eval_loans BIGINT NOT NULL,
    eval_defaults BIGINT NOT NULL,
    auc DOUBLE PRECISION,
    ks DOUBLE PRECISION,
    promoted SMALLINT NOT NULL,
    PRIMARY KEY (as_of, role)
);
