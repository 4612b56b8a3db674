import Foundation
import HTTPServer
import Prometheus
import StatusModel

/// The Prometheus metrics `/metrics` serves: requests by route and status, latency, render cache
/// use, database errors, open connections.
///
/// Request metrics are recorded as requests complete; the rest are read from their owners
/// (render cache, store, server) at scrape time, so the serving path pays nothing for them.
public final class SiteMetrics: Sendable {
    private let registry: PrometheusCollectorRegistry
    /// Indexed by `RouteName.ordinal`: an array read, no hashing per request.
    private let latency: [DurationHistogram]
    private let requestCounters: RequestCounters
    private let cacheHits: Counter
    private let cacheMisses: Counter
    private let staleServed: Counter
    private let renderFailures: Counter
    private let databaseErrors: Counter
    private let databaseUp: Gauge
    private let openConnections: Gauge
    /// Outbox deliveries by state (pending, delivered, failed), read at scrape time.
    private let deliveries: [DeliveryState: Gauge]
    /// Purges waiting for the caches in front (`[cache] purge_urls`), read at scrape time.
    private let pendingPurges: Gauge
    /// Values already added to the counters above; guarded by `scrapeLock`.
    private let lastSeen = LastSeen()

    /// From a cache hit (tens of microseconds) to a slow render or client (seconds).
    static let latencyBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    public init() {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        requestCounters = RequestCounters(registry: registry)
        func name(_ subsystem: String, _ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(namespace: "driftstatus", subsystem: subsystem, metricName: metric, unitName: unit, helpText: help)
        }
        let latencyName = name("http", "request_duration", "seconds", "Time from request line to response sent, by route.")
        latency = RouteName.allCases.map { route in
            registry.makeDurationHistogram(descriptor: latencyName, labels: [("route", route.rawValue)], buckets: Self.latencyBuckets)
        }
        cacheHits = registry.makeCounter(descriptor: name("render_cache", "hits", "total", "Public responses answered from the render cache (fresh, or stale while rendered again)."))
        cacheMisses = registry.makeCounter(descriptor: name("render_cache", "misses", "total", "Renders of public responses (in a request or in the background)."))
        staleServed = registry.makeCounter(descriptor: name("render_cache", "stale_served", "total",
                                                            "Renders that failed and were answered with the last good copy."))
        renderFailures = registry.makeCounter(descriptor: name("render", "failures", "total", "Renders that failed (database unavailable)."))
        databaseErrors = registry.makeCounter(descriptor: name("database", "errors", "total", "Database operations that failed."))
        databaseUp = registry.makeGauge(descriptor: name("database", "up", "", "1 when the database passes the health check, else 0."))
        openConnections = registry.makeGauge(descriptor: name("http", "open_connections", "", "HTTP connections open now."))
        pendingPurges = registry.makeGauge(descriptor: name("cache", "purges_pending", "",
                                                            "Purges queued for the caches in front and not yet taken by them."))
        let deliveriesName = name("notification", "deliveries", "", "Notification deliveries in the outbox, by state.")
        var deliveries: [DeliveryState: Gauge] = [:]
        for state in DeliveryState.allCases {
            deliveries[state] = registry.makeGauge(descriptor: deliveriesName, labels: [("state", state.rawValue)])
        }
        self.deliveries = deliveries
    }

    /// Counts one answered request (called from `onRequestCompleted`).
    func record(_ request: CompletedRequest, route: RouteName) {
        requestCounters.counter(route: route, status: request.status).increment()
        latency[route.ordinal].record(request.duration)
    }

    /// The exposition text with the scrape-time values brought up to date.
    func exposition(openConnections connections: Int, cache: RenderCache.Statistics, databaseErrorCount: Int,
                    databaseHealthy: Bool, deliveryCounts: [DeliveryState: Int]?, pendingPurges purges: Int? = nil) -> [UInt8] {
        lastSeen.lock.withLock {
            if let purges { pendingPurges.set(Double(purges)) }
            // nil when the database cannot be read: the gauges keep their last values.
            if let deliveryCounts {
                for (state, gauge) in deliveries { gauge.set(Double(deliveryCounts[state] ?? 0)) }
            }
            cacheHits.increment(by: Int64(max(0, cache.hits - lastSeen.cache.hits)))
            cacheMisses.increment(by: Int64(max(0, cache.misses - lastSeen.cache.misses)))
            staleServed.increment(by: Int64(max(0, cache.staleServed - lastSeen.cache.staleServed)))
            renderFailures.increment(by: Int64(max(0, cache.renderFailures - lastSeen.cache.renderFailures)))
            databaseErrors.increment(by: Int64(max(0, databaseErrorCount - lastSeen.databaseErrors)))
            lastSeen.cache = cache
            lastSeen.databaseErrors = databaseErrorCount
            openConnections.set(Double(connections))
            databaseUp.set(databaseHealthy ? 1.0 : 0.0)
            var buffer: [UInt8] = []
            buffer.reserveCapacity(16 * 1024)
            registry.emit(into: &buffer)
            return buffer
        }
    }
}

/// One counter per (route, status), made on first use. Status codes outside 100...599 share
/// one label, so the label set stays bounded.
private final class RequestCounters: @unchecked Sendable {
    // @unchecked: `counters` is guarded by `lock`.
    private let lock = NSLock()
    private var counters: [Int: Counter] = [:]
    private let registry: PrometheusCollectorRegistry

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }
    private static var descriptor: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "driftstatus", subsystem: "http", metricName: "requests", unitName: "total",
        helpText: "Answered requests by route and status code.") }

    func counter(route: RouteName, status: Int) -> Counter {
        let status = (100...599).contains(status) ? status : 0
        let key = route.ordinal * 1000 + status
        return lock.withLock {
            if let counter = counters[key] { return counter }
            let label = status == 0 ? "other" : String(status)
            let counter = registry.makeCounter(descriptor: Self.descriptor, labels: [("route", route.rawValue), ("status", label)])
            counters[key] = counter
            return counter
        }
    }
}

private final class LastSeen: @unchecked Sendable {
    // @unchecked: the fields are read and written only while `lock` is held.
    let lock = NSLock()
    var cache = RenderCache.Statistics()
    var databaseErrors = 0
}
