import Foundation
import GRDB
import StatusModel

// Reusable message templates.
extension StatusStore {
    /// By name.
    public func templates() throws -> [MessageTemplate] { fatalError("not yet") }

    public func template(id: Int64) throws -> MessageTemplate? { fatalError("not yet") }

    /// Throws `.conflict` when the name is taken.
    public func createTemplate(name: String, title: LocalizedText, body: LocalizedText, at: Date,
                               by actor: Actor) throws -> MessageTemplate {
        fatalError("not yet")
    }

    public func updateTemplate(id: Int64, name: String, title: LocalizedText, body: LocalizedText, at: Date,
                               by actor: Actor) throws -> MessageTemplate {
        fatalError("not yet")
    }

    public func deleteTemplate(id: Int64, at: Date, by actor: Actor) throws { fatalError("not yet") }
}
