-- Issue 19: a new pending delivery wakes the dispatchers at once (LISTEN signet_webhook_deliveries on every
-- replica) instead of waiting for their next poll. The payload is the webhook's id (a replica that holds that
-- webhook's deliveries already ignores it). Sent at commit, so only for deliveries that exist; one per webhook
-- and transaction (PostgreSQL folds identical ones). A replica that cannot listen (e.g. behind a proxy that
-- pools connections per transaction) still finds them by polling.
CREATE FUNCTION webhook_delivery_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('signet_webhook_deliveries', NEW.webhook_id::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER webhook_deliveries_notify
AFTER INSERT ON webhook_deliveries
FOR EACH ROW WHEN (NEW.state = 'pending') EXECUTE FUNCTION webhook_delivery_notify();
