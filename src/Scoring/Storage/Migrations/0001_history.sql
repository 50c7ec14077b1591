-- Merchant transaction history, as imported from the six input files (docs/data-format.md).
-- Conventions (docs/storage.md): identifiers TEXT; money BIGINT minor units (cents);
-- rates BIGINT millionths; instants BIGINT Unix milliseconds UTC; dates TEXT YYYY-MM-DD;
-- booleans SMALLINT 0/1. The same script runs on SQLite and PostgreSQL.

CREATE TABLE platform_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE merchants (
    merchant_id TEXT PRIMARY KEY,
    registered_at BIGINT NOT NULL,
    category TEXT NOT NULL,
    region TEXT NOT NULL,
    kyc_verified SMALLINT NOT NULL
);

CREATE TABLE orders (
    order_id TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL,
    buyer_id TEXT NOT NULL,
    amount BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    shipped_at BIGINT,
    settled_at BIGINT,
    refunded_at BIGINT,
    refund_amount BIGINT,
    disputed_at BIGINT
);

CREATE INDEX ix_orders_merchant ON orders (merchant_id, created_at);

CREATE TABLE loans (
    loan_id TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL,
    product TEXT NOT NULL,
    principal BIGINT NOT NULL,
    daily_rate BIGINT NOT NULL,
    disbursed_at BIGINT NOT NULL,
    maturity_date TEXT NOT NULL
);

CREATE INDEX ix_loans_merchant ON loans (merchant_id);

CREATE TABLE installments (
    loan_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    due_date TEXT NOT NULL,
    principal_due BIGINT NOT NULL,
    interest_due BIGINT NOT NULL,
    PRIMARY KEY (loan_id, seq)
);

CREATE TABLE repayments (
    loan_id TEXT NOT NULL,
    paid_at BIGINT NOT NULL,
    amount BIGINT NOT NULL,
    PRIMARY KEY (loan_id, paid_at, amount)
);

CREATE TABLE loan_orders (
    loan_id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    PRIMARY KEY (loan_id, order_id)
);

CREATE INDEX ix_loan_orders_order ON loan_orders (order_id);

-- One row per `credit import` that committed: when, which files, how many rows changed.
CREATE TABLE imports (
    import_id TEXT PRIMARY KEY,
    started_at BIGINT NOT NULL,
    finished_at BIGINT NOT NULL,
    files TEXT NOT NULL,
    rows_inserted BIGINT NOT NULL,
    rows_updated BIGINT NOT NULL,
    rows_unchanged BIGINT NOT NULL
);
