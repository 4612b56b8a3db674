import Foundation
import Outbound
import SiteSettings
import StatusStore

/// Where `serve --mirror` keeps its copy: a directory, or `s3://BUCKET/PREFIX`.
public enum MirrorDestination: Equatable, Sendable {
    case directory(URL)
    /// `prefix` is "" or ends with "/".
    case bucket(name: String, prefix: String)

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    public init(_ argument: String) throws {
        guard argument.lowercased().hasPrefix("s3://") else {
            self = .directory(URL(fileURLWithPath: argument))
            return
        }
        let rest = argument.dropFirst("s3://".count)
        let name = String(rest.prefix { $0 != "/" })
        var prefix = String(rest.dropFirst(name.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        // S3's own rule for bucket names (3–63 lowercase letters, digits, dots and hyphens).
        guard (3...63).contains(name.count), name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == ".") }),
              name.first?.isLetter == true || name.first?.isNumber == true else {
            throw Invalid(description: "--mirror \(argument): \"\(name)\" is not a bucket name (3–63 lowercase letters, digits, dots, hyphens)")
        }
        let segments = prefix.split(separator: "/", omittingEmptySubsequences: false)
        guard prefix.count <= 512, !segments.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) || prefix.isEmpty,
              prefix.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_./".contains($0)) }) else {
            throw Invalid(description: "--mirror \(argument): the prefix may hold letters, digits, - _ . and /, with no empty, . or .. parts")
        }
        if !prefix.isEmpty { prefix += "/" }
        self = .bucket(name: name, prefix: prefix)
    }

    /// A writer keeping this destination in step with the site `exporter` renders.
    public func writer(exporter: StaticExporter, store: StatusStore, s3: MirrorS3Settings,
                       log: @escaping @Sendable (String) -> Void) throws -> MirrorWriter {
        switch self {
        case .directory(let url):
            return MirrorWriter(exporter: exporter, directory: url, log: log)
        case .bucket(let name, let prefix):
            guard let accessKeyID = s3.accessKeyID, let secret = s3.secretAccessKey else {
                throw Invalid(description: "--mirror s3://\(name)/\(prefix): set [mirror.s3] access_key_id and secret_access_key "
                    + "(or DRIFTSTATUS_MIRROR_S3_ACCESS_KEY_ID and DRIFTSTATUS_MIRROR_S3_SECRET_ACCESS_KEY)")
            }
            let configuration = S3Configuration(endpoint: s3.resolvedEndpoint, region: s3.region, accessKeyID: accessKeyID,
                                                secretAccessKey: secret, bucket: name, pathStyle: s3.pathStyle)
            let bucket = MirrorBucket(client: try S3Client(configuration: configuration), store: store, prefix: prefix,
                                      gzip: s3.gzip, log: log)
            return MirrorWriter(exporter: exporter, target: bucket, refreshInterval: 60, log: log)
        }
    }
}
