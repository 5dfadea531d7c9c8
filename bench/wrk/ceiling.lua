-- (1) The HTTP ceiling: the cheapest unauthenticated 2xx the app serves. Signet has no /q/health
-- (no quarkus-smallrye-health), so this is OPTIONS on the public download resource: Quarkus REST
-- answers 200 with an Allow header, no security check, no database, no storage.
local c = require("common")
wrk.method = "OPTIONS"
wrk.path = "/api/v1/objects/download"
done = c.done
