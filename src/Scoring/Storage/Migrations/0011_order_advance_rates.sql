-- Per-order advance rates (docs/underwriting.md, "Offers"): for every merchant whose offer opens
-- order loans, each order pending at the refresh (shipped within the policy's window, not
-- settled, refunded, disputed or pledged) with its probability of settling under the settlement
-- champion and the advance it would get. Replaced in the offers refresh's transaction; the API
-- still prices each order at decision time, from the history as it is then.

CREATE TABLE order_advance_rates (
    order_id TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL,
    computed_at BIGINT NOT NULL,
    model_id TEXT NOT NULL,
    order_amount BIGINT NOT NULL,
    settle_probability DOUBLE PRECISION NOT NULL,
    advance_rate BIGINT NOT NULL,
    advance_amount BIGINT NOT NULL
);

CREATE INDEX ix_order_advance_rates_merchant ON order_advance_rates (merchant_id);
