-- Loan officers and supervisors who sign in to the dashboard (docs/dashboard.md). officer_id is the
-- sign-in name. password_hash is ASP.NET Core Identity's PBKDF2 format. failed_attempts counts
-- consecutive failures; the fifth sets locked_until. security_stamp changes on a password reset,
-- which ends that officer's sessions on every instance.
CREATE TABLE officers (
    officer_id TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('officer', 'supervisor')),
    password_hash TEXT NOT NULL,
    failed_attempts BIGINT NOT NULL,
    locked_until BIGINT,
    security_stamp TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- The ASP.NET Core data-protection key ring (XML elements as the key manager writes them), shared by
-- every instance so that a sign-in cookie or form token issued by one is accepted by the others.
CREATE TABLE data_protection_keys (
    friendly_name TEXT PRIMARY KEY,
    xml TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
