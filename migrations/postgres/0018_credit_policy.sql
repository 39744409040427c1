-- The company's credit-limit policy: the limit a new customer gets when none is given (NULL:
-- none, as before).
ALTER TABLE companies ADD COLUMN default_credit_limit BIGINT;
