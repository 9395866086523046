-- Which run of the gateway claimed an idempotency key: a claim left unanswered by an earlier run (it
-- stopped mid-request) has an unknown outcome, said as such instead of waited for.
ALTER TABLE idempotency ADD COLUMN boot TEXT;
