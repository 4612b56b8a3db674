vcl 4.1;
# Varnish in front of Driftstatus (Debian 12: `apt-get install varnish varnish-modules`, Varnish 7.1).
#
# - Public pages, feeds and JSON are cached as their Cache-Control says (max-age=15), one copy
#   per Accept-Encoding (gzip or not).
# - Staff pages, the write APIs and the subscription forms go to the origin untouched.
# - Driftstatus sends `PURGE` with `xkey-softpurge: home incident-42 ...` after every change
#   (`[cache] purge_urls`); every public response names its tags in an `xkey` header.
# - Grace: when the origin is down or sick, cached pages are served for as long as their
#   `stale-if-error` allows (24 h) instead of an error.
# - Driftstatus should list this cache's address in `[http] trusted_proxies`, so its per-address
#   limits see the client named in X-Forwarded-For (Varnish appends the client's address).
#
# The only line to change for an installation is the backend's address below.

import std;
import xkey;

backend driftstatus {
    .host = "127.0.0.1";
    .port = "8080";
    .connect_timeout = 1s;
    .first_byte_timeout = 15s;
    .between_bytes_timeout = 15s;
    .probe = {
        .url = "/healthz?ready";
        .timeout = 1s;
        .interval = 1s;
        .window = 3;
        .threshold = 2;
        # Healthy from the start, so the first requests are not refused while probing begins.
        .initial = 2;
    }
}

# Who may purge: the Driftstatus servers. Add their addresses when they run on other machines.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    set req.backend_hint = driftstatus;
    unset req.http.X-Driftstatus-Cached;
    unset req.http.X-Driftstatus-Encoding;

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.xkey-softpurge) {
            set req.http.X-Purged = xkey.softpurge(req.http.xkey-softpurge);
        } else if (req.http.xkey-purge) {
            set req.http.X-Purged = xkey.purge(req.http.xkey-purge);
        } else {
            return (synth(400, "Send the tags in xkey-softpurge or xkey-purge"));
        }
        return (synth(200, "Purged " + req.http.X-Purged + " objects"));
    }

    # Staff (sign-in included, with or without a session cookie), the write APIs and the
    # subscription forms: straight to the origin, never cached.
    if (req.url ~ "^/admin([/?]|$)" || req.url ~ "^/api/v1([/?]|$)" || req.url ~ "^/v1([/?]|$)"
        || req.url ~ "^/[a-z]{2,3}/(subscribe|unsubscribe)([/?]|$)") {
        return (pass);
    }
    # `/` and `/language/..` read or set the language cookie; health and metrics are live.
    if (req.url ~ "^/([?]|$)" || req.url ~ "^/language/" || req.url ~ "^/(healthz|metrics)([/?]|$)") {
        return (pass);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }

    # The public pages do not depend on cookies (the language is in the path): drop them, or
    # every visitor with the language cookie would miss the cache.
    unset req.http.Cookie;
    # One copy per encoding the origin makes: gzip or none.
    if (req.http.Accept-Encoding ~ "(^|,)\s*(x-)?gzip\s*(,|;|$)" && req.http.Accept-Encoding !~ "gzip\s*;\s*q=0(\.0*)?\s*(,|$)") {
        set req.http.Accept-Encoding = "gzip";
    } else {
        unset req.http.Accept-Encoding;
    }

    # With a healthy origin, an expired or soft-purged copy is served only within the pages'
    # stale-while-revalidate (30 s) while it is fetched again in the background; with a sick one,
    # for the whole grace (stale-if-error). A restart (below) always gets the whole grace.
    if (req.restarts == 0 && std.healthy(req.backend_hint)) {
        set req.grace = 30s;
    }
    set req.http.X-Driftstatus-Cached = "1";
    set req.http.X-Driftstatus-Encoding = req.http.Accept-Encoding;
    return (hash);
}

sub vcl_hash {
    # One copy per encoding. Vary: Accept-Encoding alone does not keep them apart: with
    # http_gzip_support (the default) gzip clients were answered from the plain copy a client
    # without gzip had fetched first. The built-in vcl_hash then adds the URL and host.
    hash_data(req.http.X-Driftstatus-Encoding);
}

sub vcl_backend_fetch {
    # Ask the origin for the variant this copy is for (it has both ready): Varnish would
    # otherwise fetch gzip for everyone and gunzip it again for every client without gzip.
    if (bereq.http.X-Driftstatus-Cached) {
        if (bereq.http.X-Driftstatus-Encoding) {
            set bereq.http.Accept-Encoding = bereq.http.X-Driftstatus-Encoding;
        } else {
            unset bereq.http.Accept-Encoding;
        }
    }
    unset bereq.http.X-Driftstatus-Cached;
    unset bereq.http.X-Driftstatus-Encoding;
}

sub vcl_backend_response {
    # Grace is what stale-if-error allows (Varnish itself reads only stale-while-revalidate).
    if (beresp.http.Cache-Control ~ "stale-if-error=[0-9]+") {
        set beresp.grace = std.duration(regsub(beresp.http.Cache-Control, "^.*stale-if-error=([0-9]+).*$", "\1") + "s", 0s);
    }
    # A refresh in the background failed: keep the copy we have rather than caching an error.
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
}

sub vcl_backend_error {
    if (bereq.is_bgfetch) {
        return (abandon);
    }
}

sub vcl_deliver {
    # The origin failed before the probe noticed (or the page was soft-purged just before):
    # look again with the whole grace, so a stale copy is served instead of the error.
    if (resp.status >= 500 && req.restarts == 0 && req.http.X-Driftstatus-Cached) {
        return (restart);
    }
    # The tags are for this cache only.
    unset resp.http.xkey;
}
