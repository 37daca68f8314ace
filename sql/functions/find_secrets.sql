-- Function: kv2rel.find_secrets
-- Purpose: every object member of a JSON value, at any depth, whose key matches setting secret_key_regex
--          (case-insensitive: credentials, password, secret, apiKey, token, ...), with its path and value. A
--          secret's own subtree is returned whole and not searched further. kv2rel.map_fields uses it so that
--          secrets never land in general JSON columns (the target tables' no_secrets CHECKs use the same list).
-- Usage (psql): SELECT * FROM kv2rel.find_secrets('{"source": {"apiConfig": {"credentials": {"k": 1}}}}');

CREATE OR REPLACE FUNCTION kv2rel.find_secrets(
    p_value jsonb
)
RETURNS TABLE (
    path text[],
    value jsonb
)
STABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    WITH RECURSIVE
    pattern AS (
        SELECT kv2rel.setting('secret_key_regex') AS regex
    ),
    walk (path, value, is_secret) AS (
        SELECT ARRAY[]::text[], p_value, FALSE
         UNION ALL
        SELECT w.path || c.key, c.value, c.is_member AND c.key ~* p.regex
          FROM walk AS w
         CROSS JOIN pattern AS p
         CROSS JOIN LATERAL (
                SELECT e.key, e.value, TRUE AS is_member
                  FROM jsonb_each(CASE WHEN jsonb_typeof(w.value) = 'object' THEN w.value ELSE '{}' END) AS e
                 UNION ALL
                SELECT (a.n - 1)::text, a.value, FALSE
                  FROM jsonb_array_elements(CASE WHEN jsonb_typeof(w.value) = 'array' THEN w.value ELSE '[]' END)
                       WITH ORDINALITY AS a (value, n)
               ) AS c
         WHERE NOT w.is_secret
    )
    SELECT w.path, w.value
      FROM walk AS w
     WHERE w.is_secret
     ORDER BY w.path
$function$;

COMMENT ON FUNCTION kv2rel.find_secrets(jsonb) IS
'(path, value) of every object member whose key matches setting secret_key_regex, at any depth of p_value '
'(array elements are searched too; a secret''s subtree is not). Empty when the value holds no secret.';
