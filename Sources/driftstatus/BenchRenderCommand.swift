import ArgumentParser
import Foundation
import HTTPServer
import StatusSite

/// Times a cache-miss render of a page: what every reader waits for right after a publish.
/// Used by bench/run.sh; also a quick way to check a large database stays fast.
struct BenchRenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-render",
        abstract: "Measure the time to render a public page on a cache miss.",
        shouldDisplay: false
    )

    @OptionGroup var options: DatabaseOptions

    @Option(name: .long, help: "Page to render.")
    var path: String = "/sv/"

    @Option(name: .long, help: "Renders to time.")
    var iterations: Int = 30

    func run() throws {
        try reportingFailures {
            let site = try options.siteDirectory()
            let store = try options.openStore()
            let application = try SiteApplication(settings: try options.settings(), store: store, siteDirectory: site)
            let request = Request(method: "GET", path: path)
            guard application.handle(request).status == 200 else { throw ValidationError("\(path) does not answer 200") }
            var samples: [Double] = []
            for _ in 0..<max(1, iterations) {
                application.dataChanged()
                let start = ContinuousClock.now
                _ = application.handle(request)
                let elapsed = ContinuousClock.now - start
                samples.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
            }
            samples.sort()
            let median = samples[samples.count / 2]
            let mean = samples.reduce(0, +) / Double(samples.count)
            print(String(format: "render %@: median %.2f ms, mean %.2f ms, min %.2f ms over %d cache misses",
                         path, median, mean, samples[0], samples.count))
            try store.close()
        }
    }
}
