-- Underwriting (docs/underwriting.md): the model registry, the block list, API keys, request
-- idempotency and rate windows, decisions with their audit trail. Same conventions as 0001.

-- Every model the platform has used, byte-exact as trained; decisions name the model_id they used,
-- so replay scores with the stored artifact, never a file that may have changed.
CREATE TABLE models (
    model_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    family TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    artifact TEXT NOT NULL,
    source TEXT NOT NULL,
    validation_auc DOUBLE PRECISION,
    created_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX ux_models_sha ON models (kind, sha256);

-- The champion per kind ('credit', 'settlement'); all service instances read it from here.
CREATE TABLE model_champions (
    kind TEXT PRIMARY KEY,
    model_id TEXT NOT NULL REFERENCES models (model_id),
    promoted_at BIGINT NOT NULL
);

-- Append-only history of promotions.
CREATE TABLE model_promotions (
    kind TEXT NOT NULL,
    model_id TEXT NOT NULL REFERENCES models (model_id),
    promoted_at BIGINT NOT NULL,
    promoted_by TEXT NOT NULL,
    PRIMARY KEY (kind, promoted_at, model_id)
);

CREATE TABLE blocklist (
    merchant_id TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    added_at BIGINT NOT NULL,
    added_by TEXT NOT NULL
);

-- Keys are shown once at creation; only the SHA-256 of the secret is kept (keys are 160 random
-- bits, so a fast hash is enough: there is nothing to brute-force).
CREATE TABLE api_keys (
    key_id TEXT PRIMARY KEY,
    secret_hash TEXT NOT NULL,
    name TEXT NOT NULL,
    requests_per_minute INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE TABLE api_key_merchants (
    key_id TEXT NOT NULL REFERENCES api_keys (key_id),
    merchant_id TEXT NOT NULL,
    PRIMARY KEY (key_id, merchant_id)
);

-- Fixed one-minute windows per key, shared by every API instance.
CREATE TABLE rate_windows (
    key_id TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    requests BIGINT NOT NULL,
    PRIMARY KEY (key_id, window_start)
);

-- The first response to each (key, Idempotency-Key), committed in the same transaction as the
-- work it reports.
CREATE TABLE idempotency_keys (
    key_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status_code INTEGER NOT NULL,
    response TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (key_id, idempotency_key)
);

-- Append-only: a decision row is written once, before its response; a review adds a row to
-- decision_reviews, it never updates the decision.
CREATE TABLE decisions (
    decision_id TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL,
    product TEXT NOT NULL,
    outcome TEXT NOT NULL,
    requested_amount BIGINT,
    term_months BIGINT,
    approved_amount BIGINT NOT NULL,
    credit_limit BIGINT,
    daily_rate BIGINT,
    score DOUBLE PRECISION,
    pd DOUBLE PRECISION,
    risk_grade TEXT,
    counter_offer SMALLINT NOT NULL,
    reasons TEXT NOT NULL,
    model_id TEXT,
    settlement_model_id TEXT,
    policy_version TEXT NOT NULL,
    feature_as_of TEXT,
    inputs TEXT NOT NULL,
    response TEXT NOT NULL,
    api_key_id TEXT,
    decided_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE INDEX ix_decisions_merchant ON decisions (merchant_id, decided_at);
CREATE INDEX ix_decisions_outcome ON decisions (outcome, decided_at);

CREATE TABLE decision_orders (
    decision_id TEXT NOT NULL REFERENCES decisions (decision_id),
    order_id TEXT NOT NULL,
    eligible SMALLINT NOT NULL,
    reason TEXT,
    order_amount BIGINT,
    settle_probability DOUBLE PRECISION,
    advance_rate BIGINT,
    advance_amount BIGINT NOT NULL,
    PRIMARY KEY (decision_id, order_id)
);

CREATE TABLE decision_reviews (
    decision_id TEXT PRIMARY KEY REFERENCES decisions (decision_id),
    outcome TEXT NOT NULL,
    approved_amount BIGINT NOT NULL,
    officer TEXT NOT NULL,
    note TEXT NOT NULL,
    reviewed_at BIGINT NOT NULL
);

-- Who did what, when: decisions, reviews, draw-downs, repayments, key and block-list changes.
CREATE TABLE audit_events (
    event_id TEXT PRIMARY KEY,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    details TEXT NOT NULL
);

CREATE INDEX ix_audit_subject ON audit_events (subject, at);

-- Every policy version the service has run with, so a decision can be replayed under its own.
CREATE TABLE policies (
    policy_version TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    policy TEXT NOT NULL,
    loaded_at BIGINT NOT NULL
);

-- A decision reads the merchant's latest snapshot row.
CREATE INDEX ix_feature_rows_merchant ON feature_rows (merchant_id, as_of);
