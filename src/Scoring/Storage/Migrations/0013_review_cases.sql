-- Review cases and decision webhooks (docs/dashboard.md, "Review queue and cases").

-- Every action an officer or supervisor took on a decision, append-only: approve, decline,
-- escalate (to the supervisors' queue) or override (a supervisor sets the final outcome of any
-- decision). version is the case's version after the action: 1 for the first. An action names the
-- version the officer saw and inserts version + 1, so of two officers acting on the same version
-- the primary key lets exactly one in. outcome and approved_amount are NULL for an escalation.
CREATE TABLE review_actions (
    decision_id TEXT NOT NULL REFERENCES decisions (decision_id),
    version BIGINT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('approve', 'decline', 'escalate', 'override')),
    outcome TEXT CHECK (outcome IN ('approved', 'declined')),
    approved_amount BIGINT,
    officer TEXT NOT NULL,
    note TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (decision_id, version)
);

-- The supervisors' queue reads the escalations.
CREATE INDEX ix_review_actions_action ON review_actions (action, decision_id);

-- decision_reviews stays the human final outcome (one row per decision, what GET /v1/decisions/{id}
-- reads); an override replaces it and says so in source ('review' or 'override'); version is the
-- review_actions row it came from. The history is review_actions.
ALTER TABLE decision_reviews ADD COLUMN source TEXT NOT NULL DEFAULT 'review';
ALTER TABLE decision_reviews ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

-- Reviews recorded before this migration become the first action of their case.
INSERT INTO review_actions (decision_id, version, action, outcome, approved_amount, officer, note, at)
SELECT decision_id, 1, CASE outcome WHEN 'approved' THEN 'approve' ELSE 'decline' END, outcome, approved_amount, officer, note, reviewed_at
FROM decision_reviews;

-- The audit page lists events newest first, optionally of one actor.
CREATE INDEX ix_audit_at ON audit_events (at);
CREATE INDEX ix_audit_actor ON audit_events (actor, at);

-- A merchant app's key may name a callback URL; the signing secret is kept protected with the
-- data-protection key ring (data_protection_keys), never in plain text.
ALTER TABLE api_keys ADD COLUMN callback_url TEXT;
ALTER TABLE api_keys ADD COLUMN callback_secret TEXT;

-- The webhook outbox: a delivery is enqueued in the transaction that gives a decision its final
-- outcome, and sent by the delivery worker of any instance. A worker claims a due delivery by
-- setting lease_owner/lease_until with a conditional UPDATE (only one claim succeeds); attempts
-- counts the claims. body is the JSON sent on every attempt (the same bytes each time).
-- status: pending (due at next_attempt_at), delivered, failed (attempts exhausted or callback removed).
CREATE TABLE webhook_deliveries (
    delivery_id TEXT PRIMARY KEY,
    key_id TEXT NOT NULL REFERENCES api_keys (key_id),
    decision_id TEXT NOT NULL REFERENCES decisions (decision_id),
    event TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    lease_owner TEXT,
    lease_until BIGINT,
    last_status_code BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    finished_at BIGINT
);

CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX ix_webhook_deliveries_decision ON webhook_deliveries (decision_id, created_at);
