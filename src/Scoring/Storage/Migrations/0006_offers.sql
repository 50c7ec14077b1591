-- Offers (docs/underwriting.md): the pre-approved credit line and order-loan advance rate of every
-- merchant, computed from the latest feature snapshot with the champion model and the credit
-- policy. A refresh replaces every row in one transaction; a freeze (frozen_at, frozen_reason:
-- early-warning jobs stop a line) survives refreshes until lifted. as_of, score, pd and
-- risk_grade are NULL for a merchant without recent features (declined NO_RECENT_DATA).
-- reasons: JSON array of {code, text, impact}.

CREATE TABLE offers (
    merchant_id TEXT PRIMARY KEY,
    as_of TEXT,
    model_id TEXT NOT NULL,
    policy_version TEXT NOT NULL,
    score DOUBLE PRECISION,
    pd DOUBLE PRECISION,
    risk_grade TEXT,
    action TEXT NOT NULL,
    credit_limit BIGINT NOT NULL,
    daily_rate BIGINT NOT NULL,
    order_advance_rate BIGINT NOT NULL,
    reasons TEXT NOT NULL,
    computed_at BIGINT NOT NULL,
    valid_until BIGINT NOT NULL,
    frozen_at BIGINT,
    frozen_reason TEXT
);
