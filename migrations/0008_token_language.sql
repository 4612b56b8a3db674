-- The language texts sent with an API token are stored in, for front-ends whose clients write one
-- language only (the Statuspage v1 API, docs/statuspage-v1.md). NULL for tokens made before this:
-- they write in the site's first language.
ALTER TABLE api_token ADD COLUMN language TEXT CHECK (language IS NULL OR length(language) BETWEEN 2 AND 8);
