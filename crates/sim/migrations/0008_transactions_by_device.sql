-- The device lists (`transaction/device/{sn}`) page newest first within a time window.
CREATE INDEX transactions_dev ON transactions (dev_sn, event_ms DESC, seq DESC);
