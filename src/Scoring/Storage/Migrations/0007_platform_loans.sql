-- Loans originated by the platform (underwriting API draw-downs) beside imported history.
-- origin says who owns a loan: 'import' rows come from credit import, 'platform' rows are the
-- platform's own and an import may never touch them. A decision is drawn down at most once:
-- the unique index is partial so that imported loans (no decision) add nothing to it, and a
-- first load into an empty loans table maintains no extra index entries.
ALTER TABLE loans ADD COLUMN origin TEXT NOT NULL DEFAULT 'import';
ALTER TABLE loans ADD COLUMN decision_id TEXT;

CREATE UNIQUE INDEX ux_loans_decision ON loans (decision_id) WHERE decision_id IS NOT NULL;

-- Orders pledged to a platform order loan, with the advance each one carries. An order is
-- pledged at most once ever (ux_loan_pledges_order). When the order settles (or is refunded),
-- the import's settlement sweep resolves the pledge: collected_at is the order's settled_at or
-- refunded_at, collected the cents it repaid (0 for a refund). No foreign key to loans: a first
-- import drops and rebuilds the loans primary key.
CREATE TABLE loan_pledges (
    loan_id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    order_amount BIGINT NOT NULL,
    advance_amount BIGINT NOT NULL,
    collected_at BIGINT,
    collected BIGINT,
    PRIMARY KEY (loan_id, order_id)
);

CREATE UNIQUE INDEX ux_loan_pledges_order ON loan_pledges (order_id);

-- The sweep reads only pledges still open; this index holds just those.
CREATE INDEX ix_loan_pledges_open ON loan_pledges (order_id) WHERE collected_at IS NULL;
