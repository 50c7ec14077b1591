-- Feature snapshots (docs/features.md): `credit features build --as-of DATE` stores one row per
-- merchant registered before the date, one column per feature of the catalog (FeatureCatalog;
-- a test checks the columns match it). Money features BIGINT cents, counts BIGINT, ratios and
-- fractional days DOUBLE PRECISION (an 8-byte IEEE float on both engines, stored exactly);
-- NULL is a missing value. Rebuilding a date replaces its rows in one transaction.

CREATE TABLE feature_snapshots (
    feature_set_version INTEGER NOT NULL,
    as_of TEXT NOT NULL,
    built_at BIGINT NOT NULL,
    merchant_count BIGINT NOT NULL,
    PRIMARY KEY (feature_set_version, as_of)
);

CREATE TABLE feature_rows (
    feature_set_version INTEGER NOT NULL,
    as_of TEXT NOT NULL,
    merchant_id TEXT NOT NULL,
    tenure_days BIGINT,
    gmv_30d BIGINT,
    gmv_90d BIGINT,
    gmv_180d BIGINT,
    gmv_365d BIGINT,
    net_gmv_30d BIGINT,
    net_gmv_90d BIGINT,
    net_gmv_180d BIGINT,
    net_gmv_365d BIGINT,
    orders_30d BIGINT,
    orders_90d BIGINT,
    orders_180d BIGINT,
    orders_365d BIGINT,
    aov_30d BIGINT,
    aov_90d BIGINT,
    aov_180d BIGINT,
    aov_365d BIGINT,
    active_days_30d BIGINT,
    active_days_90d BIGINT,
    active_days_180d BIGINT,
    active_days_365d BIGINT,
    gmv_growth_90d DOUBLE PRECISION,
    gmv_yoy_90d DOUBLE PRECISION,
    gmv_monthly_cv_180d DOUBLE PRECISION,
    refund_rate_90d DOUBLE PRECISION,
    refund_amount_rate_90d DOUBLE PRECISION,
    dispute_rate_90d DOUBLE PRECISION,
    dispute_amount_rate_90d DOUBLE PRECISION,
    settle_delay_median_90d DOUBLE PRECISION,
    settle_delay_p90_90d DOUBLE PRECISION,
    buyers_180d BIGINT,
    top5_buyer_share_180d DOUBLE PRECISION,
    buyer_hhi_180d DOUBLE PRECISION,
    repeat_buyer_rate_180d DOUBLE PRECISION,
    orders_per_buyer_30d DOUBLE PRECISION,
    max_buyer_day_orders_90d BIGINT,
    refund_surge_30d DOUBLE PRECISION,
    pending_order_value BIGINT,
    pending_orders BIGINT,
    past_loans BIGINT,
    worst_dpd_ever BIGINT,
    worst_dpd_180d BIGINT,
    outstanding_principal BIGINT,
    repaid_principal_share DOUBLE PRECISION,
    PRIMARY KEY (feature_set_version, as_of, merchant_id)
);
