import Foundation
import HTTPServer
import Logging
@testable import StatusSite
import Testing
import TestSupport

/// Security headers on every kind of response, request ids, logs, /metrics and /healthz.
@Suite struct OperationsTests {
    @Test func everyResponseCarriesTheSecurityHeaders() throws {
        let ops = try OperationsTestSite()
        let paths = ["/sv/", "/en/history", "/sv/feed.atom", "/api/v2/summary.json", "/assets/style.css", "/healthz",
                     "/", "/sv", "/nowhere", "/sv/incidents/abc", "/admin/", "/api/v1/incidents"]
        for path in paths {
            let response = try ops.get(path)
            let isStaff = path.hasPrefix("/admin") || path.hasPrefix("/api/v1")
            #expect(response.header("Content-Security-Policy") == (isStaff ? SecurityHeaders.adminPolicy : SecurityHeaders.publicPolicy), "\(path)")
            #expect(response.header("X-Content-Type-Options") == "nosniff", "\(path)")
            #expect(response.header("Referrer-Policy") == "strict-origin-when-cross-origin", "\(path)")
            #expect(response.header("X-Frame-Options") == (isStaff ? "DENY" : nil), "\(path)")
            #expect(response.header("Strict-Transport-Security") == nil, "\(path)")
            // Cached public responses go out prepared and unchanged (their request id is in the
            // log line); every other answer names its request id.
            let isCached = ["/sv/", "/en/history", "/sv/feed.atom", "/api/v2/summary.json", "/assets/style.css"].contains(path)
            #expect(response.header("X-Request-Id")?.count == (isCached ? nil : 16), "\(path)")
        }
        let home = try ops.get("/sv/")
        let notModified = try ops.get("/sv/", headers: [("If-None-Match", try #require(home.header("ETag")))])
        #expect(notModified.status == 304)
        #expect(notModified.header("Content-Security-Policy") != nil)
        let post = try ops.client.send("POST", "/sv/", body: "x=1")
        #expect(post.status == 405)
        #expect(post.header("Content-Security-Policy") != nil)
    }

    @Test func tlsAddsStrictTransportSecurity() throws {
        var response = Response.text("x")
        SecurityHeaders(tls: true).apply(to: &response, route: SiteRoute(path: "/sv/", languages: [.swedish, .english]))
        #expect(response.headers["Strict-Transport-Security"] == "max-age=31536000")
        var admin = Response.text("x")
        SecurityHeaders(tls: true).apply(to: &admin, route: SiteRoute(path: "/admin/incidents", languages: [.swedish, .english]))
        #expect(admin.headers["X-Frame-Options"] == "DENY")
        #expect(admin.headers["Strict-Transport-Security"] == "max-age=31536000")
    }

    @Test func publicTemplatesNeedNoInlineScriptOrStyle() throws {
        let templates = TestSite.repositoryRoot.appendingPathComponent("templates")
        let files = try FileManager.default.subpathsOfDirectory(atPath: templates.path).filter { $0.hasSuffix(".mustache") }
        for file in files {
            let text = try String(contentsOf: templates.appendingPathComponent(file), encoding: .utf8)
            // Emails are not served under the CSP and mail clients drop stylesheets, so their
            // templates style inline; they still carry no script and load nothing from elsewhere.
            let forbiddenHere = file.hasPrefix("email/")
                ? ["<script", " onclick=", " onload=", "javascript:", "<link", "<img", "url("]
                : ["<script", "<style", "style=", " onclick=", " onload=", "javascript:"]
            for forbidden in forbiddenHere {
                #expect(!text.contains(forbidden), "\(file) contains \(forbidden)")
            }
        }
        let ops = try OperationsTestSite()
        let html = try ops.get("/sv/").text
        #expect(!html.contains("<script") && !html.contains("style="))
    }

    @Test func eachRequestIsLoggedOnOneLine() throws {
        let ops = try OperationsTestSite()
        _ = try ops.get("/sv/")
        _ = try ops.get("/sv/%22evil%0Ats=forged")
        // onRequestCompleted runs once the connection is done with the request.
        let deadline = Date().addingTimeInterval(2)
        while ops.logLines.lines.count < 2 && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        let lines = ops.logLines.lines
        #expect(lines.count == 2)
        // Found by request id: a request answered from a pool (the first, a cache miss) may be
        // reported complete after the next one on the same connection.
        let first = try #require(lines.first { $0.contains(" id=0000000000000001 ") })
        #expect(first.hasPrefix("ts="))
        #expect(first.contains(" level=info msg=request id=0000000000000001 method=GET route=home path=/sv/ status=200 duration_ms="))
        #expect(first.contains(" remote=127.0.0.1"))
        let hostile = try #require(lines.first { $0.contains(" id=0000000000000002 ") })
        #expect(hostile.split(separator: "\n").count == 1)
        #expect(hostile.contains(#"path="/sv/\"evil\nts=forged""#))
        #expect(hostile.contains("route=other") && hostile.contains("status=404"))
    }

    @Test func routeNamesAreBounded() {
        let cases: [(String, RouteName)] = [
            ("/", .home), ("/sv/", .home), ("/en", .home), ("/sv/history/2026-01", .history), ("/en/incidents/7", .incident),
            ("/sv/maintenance/3", .maintenance), ("/sv/feed.rss", .feed), ("/en/components/bank/feed.atom", .feed),
            ("/assets/style.css", .asset), ("/api/v2/summary.json", .apiV2), ("/api/v1/incidents/9", .apiV1),
            ("/admin/sign-in", .admin), ("/healthz", .health), ("/metrics", .metrics), ("/language/en", .language),
            ("/wp-login.php", .other), ("/SV/", .other), ("", .other), ("/x/../../etc/passwd", .other), ("/sv/whatever", .other),
        ]
        for (path, name) in cases { #expect(RouteName.of(path) == name, "\(path)") }
    }

    /// Answers carry their label from `reply` (`Response.tag`) instead of the path being parsed
    /// again at completion: both ways must name every route alike.
    @Test func servedRequestsAreLabelledAsTheirPathsParse() throws {
        let ops = try OperationsTestSite()
        let paths = ["/", "/sv/", "/en", "/sv/history/2026-01", "/en/incidents/7", "/sv/maintenance/3", "/sv/feed.rss",
                     "/assets/style.css", "/api/v2/summary.json", "/api/v1/incidents/9", "/admin/sign-in", "/healthz",
                     "/metrics", "/language/en", "/wp-login.php", "/SV/", "/sv/whatever"]
        for path in paths { _ = try ops.get(path) }
        let deadline = Date().addingTimeInterval(2)
        while ops.logLines.lines.count < paths.count && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        let lines = ops.logLines.lines
        #expect(lines.count == paths.count)
        for path in paths {
            let line = try #require(lines.first { $0.contains(" path=\(path) ") }, "\(path)")
            #expect(line.contains(" route=\(RouteName.of(path).rawValue) "), "\(path): \(line)")
        }
    }

    @Test func metricsAreServedToLoopbackInPrometheusFormat() throws {
        let ops = try OperationsTestSite()
        _ = try ops.get("/sv/")
        _ = try ops.get("/sv/")
        _ = try ops.get("/nowhere-\(UUID())")
        Thread.sleep(forTimeInterval: 0.1)
        let response = try ops.get("/metrics")
        #expect(response.status == 200)
        #expect(response.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
        let text = response.text
        #expect(text.contains(#"driftstatus_http_requests_total{route="home",status="200"} 2"#))
        #expect(text.contains(#"driftstatus_http_requests_total{route="other",status="404"} 1"#))
        #expect(!text.contains("nowhere"))
        #expect(text.contains(#"driftstatus_http_request_duration_seconds_bucket{route="home",le="0.0001"}"#))
        #expect(text.contains("driftstatus_render_cache_hits_total "))
        #expect(text.contains("driftstatus_render_cache_misses_total "))
        #expect(text.contains("driftstatus_database_errors_total 0"))
        #expect(text.contains("driftstatus_database_up 1.0"))
        #expect(text.contains("driftstatus_http_open_connections 1.0"))
        #expect(text.contains(#"driftstatus_notification_deliveries{state="pending"} 0.0"#))
        #expect(text.contains(#"driftstatus_notification_deliveries{state="failed"} 0.0"#))
    }

    @Test func metricsRefuseOthersAndHonourTheToken() throws {
        let ops = try OperationsTestSite()
        let remote = Request(method: "GET", path: "/metrics", remoteAddress: "203.0.113.9")
        #expect(ops.operational.handle(remote).status == 404)

        let guarded = try OperationsTestSite(metricsToken: "0123456789abcdef-token")
        #expect(try guarded.get("/metrics").status == 401)
        #expect(try guarded.get("/metrics", headers: [("Authorization", "Bearer wrong")]).status == 401)
        let allowed = try guarded.get("/metrics", headers: [("Authorization", "Bearer 0123456789abcdef-token")])
        #expect(allowed.status == 200)
        let remoteWithToken = Request(method: "GET", path: "/metrics", headers: ["Authorization": "Bearer 0123456789abcdef-token"],
                                      remoteAddress: "203.0.113.9")
        #expect(guarded.operational.handle(remoteWithToken).status == 200)
    }

    @Test func healthReportsTheDatabase() throws {
        let ops = try OperationsTestSite()
        let health = try ops.get("/healthz")
        #expect(health.status == 200)
        #expect(health.text == "{\"status\":\"ok\",\"database\":\"ok\"}\n")
        #expect(try ops.get("/healthz?ready").status == 200)
        #expect(try ops.get("/healthz?live").status == 200)
        #expect(health.header("Cache-Control") == "no-store")
    }

    @Test func logValuesAreQuotedOnlyWhenNeeded() {
        #expect(KeyValueLogHandler.quoted("/sv/") == "/sv/")
        #expect(KeyValueLogHandler.quoted("a b") == "\"a b\"")
        #expect(KeyValueLogHandler.quoted("") == "\"\"")
        #expect(KeyValueLogHandler.quoted("x\u{1b}[31m\u{2028}") == "\"x\\u{1b}[31m\\u{2028}\"")
    }
}
