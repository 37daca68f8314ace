-- Function: kv2rel.split_full_name
-- Purpose: first and last name from a single full-name field, only where the split is not a guess:
--            * "Last, First ..."  (exactly one comma)  -> first = after the comma, last = before it;
--            * one word                                 -> first = the word, last NULL;
--            * two words                                -> first, last;
--            * three or more words without a comma ("Mary Ann Smith", "Juan de la Cruz"), several commas,
--              blank or NULL                             -> both NULL (the full name is kept in full_name).
--          Whitespace is trimmed and collapsed. Never raises.
-- Usage (psql): SELECT * FROM kv2rel.split_full_name('Priya Natarajan');

CREATE OR REPLACE FUNCTION kv2rel.split_full_name(
    p_full_name text,
    OUT first_name text,
    OUT last_name text
)
IMMUTABLE
PARALLEL SAFE
LANGUAGE plpgsql
AS $function$
DECLARE
    v_name text := regexp_replace(btrim(p_full_name), '[[:space:]]+', ' ', 'g');
    v_words text[];
BEGIN
    IF v_name IS NULL OR v_name = '' THEN
        RETURN;
    END IF;
    IF strpos(v_name, ',') > 0 THEN
        IF v_name ~ '^[^,]*[^, ][^,]*,[^,]*[^, ][^,]*$' THEN
            last_name := btrim(split_part(v_name, ',', 1));
            first_name := btrim(split_part(v_name, ',', 2));
        END IF;
        RETURN;
    END IF;
    v_words := string_to_array(v_name, ' ');
    IF cardinality(v_words) = 1 THEN
        first_name := v_words[1];
    ELSIF cardinality(v_words) = 2 THEN
        first_name := v_words[1];
        last_name := v_words[2];
    END IF;
END
$function$;

COMMENT ON FUNCTION kv2rel.split_full_name(text) IS
'(first_name, last_name) of a full name when the split is unambiguous: "Last, First", one word (first only) or '
'two words; NULLs for three or more words, several commas or blank input (never raises).';
