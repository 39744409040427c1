-- wrk script: POSTs Telegram text updates to /telegram/webhook, each with its own update_id,
-- from 64 chats in turn, for a fresh database. Telegram's ids are 32-bit (teloxide reads them as
-- u32 and message ids as i32): a body past that is unreadable and only acknowledged.
local start = tonumber(os.getenv("START_ID") or "1")
local secret = os.getenv("SECRET") or "bench_secret"
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

function request()
  counter = counter + 1
  local id = start + thread_id * 100000000 + counter
  local chat = 7000000 + (counter % 64)
  local body = string.format(
    '{"update_id":%d,"message":{"message_id":%d,"date":1764000000,"chat":{"id":%d,"type":"private","first_name":"M"},"from":{"id":%d,"is_bot":false,"first_name":"M","language_code":"uz"},"text":"bugun savdo qancha?"}}',
    id, counter, chat, chat)
  return wrk.format("POST", "/telegram/webhook",
    { ["Content-Type"] = "application/json", ["X-Telegram-Bot-Api-Secret-Token"] = secret }, body)
end
