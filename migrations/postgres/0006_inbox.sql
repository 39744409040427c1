-- Telegram updates taken by the webhook, kept until handled: the webhook answers Telegram only
-- once the update is stored, and any instance may handle it. One chat's updates are handled in
-- update order: only the chat's oldest waiting update can be claimed, and not while it is claimed.
CREATE TABLE inbox (
    bot_id      BIGINT NOT NULL,
    update_id   BIGINT NOT NULL,
    chat_id     BIGINT NOT NULL,
    body        TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    -- Unix seconds when an instance took it; a claim older than a few minutes is taken over.
    claimed_at  BIGINT,
    PRIMARY KEY (bot_id, update_id)
);
CREATE INDEX inbox_chat ON inbox (bot_id, chat_id, update_id);
