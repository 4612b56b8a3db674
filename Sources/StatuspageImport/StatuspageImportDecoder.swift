import Foundation
import StatusModel

/// Turns a Statuspage page's v2 documents into an `ImportBatch`, checking every field it uses
/// and the domain rules (`ImportRules`) on the way; the first problem stops it with an error
/// naming the file and the field. Statuses and impacts use Statuspage's own names, which are
/// also Driftstatus's (`ComponentStatus`, `IncidentStatus`, `IncidentImpact` raw values, the
/// names the v2 encoder writes), plus the few Statuspage has that Driftstatus folds into one:
/// an incident's "postmortem" status is resolved; impact "maintenance" marks a maintenance.
public struct StatuspageImportDecoder {
    /// Decides which components a running window covers (see `ImportRules.storedStatus`).
    public let now: Date

    public init(now: Date) {
        self.now = now
    }

    public func decode(_ export: StatuspageExport) throws -> ImportBatch {
        let componentsFile = try JSONField.parse(export.components, file: StatuspageExport.File.components.rawValue).object()
        let incidentsFile = try JSONField.parse(export.incidents, file: StatuspageExport.File.incidents.rawValue).object()
        let maintenancesFile = try JSONField.parse(export.maintenances, file: StatuspageExport.File.maintenances.rawValue).object()

        let pageID = try componentsFile["page"]["id"].identifier()
        for file in [incidentsFile, maintenancesFile] {
            let other = file["page"]["id"]
            if let otherID = try other.optionalIdentifier(), otherID != pageID {
                throw other.failure("'\(otherID)' is another page than components.json's '\(pageID)'")
            }
        }
        var batch = ImportBatch(pageID: pageID)
        try decodeComponents(componentsFile["components"].array(), into: &batch)
        let known = Set(batch.components.map(\.externalID))

        var maintenanceIDs = Set<String>()
        for entry in try maintenancesFile["scheduled_maintenances"].array() {
            let maintenance = try decodeMaintenance(entry, known: known, warnings: &batch.warnings)
            guard maintenanceIDs.insert(maintenance.externalID).inserted else {
                throw entry["id"].failure("id '\(maintenance.externalID)' appears twice")
            }
            batch.maintenances.append(maintenance)
        }
        var incidentIDs = Set<String>()
        for entry in try incidentsFile["incidents"].array() {
            // Statuspage also lists maintenances among incidents; the maintenance file has them already.
            if try isMaintenance(entry) {
                let maintenance = try decodeMaintenance(entry, known: known, warnings: &batch.warnings)
                if maintenanceIDs.insert(maintenance.externalID).inserted { batch.maintenances.append(maintenance) }
                continue
            }
            let incident = try decodeIncident(entry, known: known, warnings: &batch.warnings)
            guard incidentIDs.insert(incident.externalID).inserted else {
                throw entry["id"].failure("id '\(incident.externalID)' appears twice")
            }
            batch.incidents.append(incident)
        }
        applyRunningWindows(to: &batch)
        return batch
    }

    // MARK: - Components

    private func decodeComponents(_ entries: [JSONField], into batch: inout ImportBatch) throws {
        var seen = Set<String>()
        var groupIDs = Set<String>()
        for entry in entries where try entry.object()["group"].optionalBool() == true {
            groupIDs.insert(try entry["id"].identifier())
        }
        for entry in entries {
            let id = try entry["id"].identifier()
            guard seen.insert(id).inserted else { throw entry["id"].failure("id '\(id)' appears twice") }
            let name = try checkedText(entry["name"], as: .name)
            let description = try checkedText(entry["description"], as: .description)
            let position = try entry["position"].integer()
            if try entry["group"].optionalBool() == true {
                batch.groups.append(ImportedGroup(externalID: id, name: name, description: description, position: position))
                continue
            }
            let groupField = entry["group_id"]
            let groupID = try groupField.optionalIdentifier()
            if let groupID, !groupIDs.contains(groupID) { throw groupField.failure("no group with id '\(groupID)' in this file") }
            batch.components.append(ImportedComponent(
                externalID: id, groupExternalID: groupID, name: name, description: description, position: position,
                status: try entry["status"].enumeration(ComponentStatus.self), createdAt: try entry["created_at"].time()))
        }
    }

    /// Components the source shows "under maintenance" because a window runs are stored as
    /// operational: the window shows it (ImportRules.storedStatus).
    private func applyRunningWindows(to batch: inout ImportBatch) {
        var covered = Set<String>()
        for window in batch.maintenances where window.cancelledAt == nil {
            let end = window.completedAt.map { min($0, window.endsAt) } ?? window.endsAt
            if window.startsAt <= now && now < end { covered.formUnion(window.componentExternalIDs) }
        }
        for index in batch.components.indices {
            batch.components[index].status = ImportRules.storedStatus(
                shown: batch.components[index].status, coveredByRunningWindow: covered.contains(batch.components[index].externalID))
        }
    }

    // MARK: - Incidents

    private func isMaintenance(_ entry: JSONField) throws -> Bool {
        _ = try entry.object()
        return try entry["impact"].optionalString() == "maintenance" || !entry["scheduled_for"].isAbsentOrNull
    }

    private func decodeIncident(_ entry: JSONField, known: Set<String>, warnings: inout [String]) throws -> ImportedIncident {
        let id = try entry["id"].identifier()
        let title = try checkedText(entry["name"], as: .title)
        let status = try entry["status"].enumeration(IncidentStatus.self, extra: ["postmortem": .resolved])
        let impact = try entry["impact"].enumeration(IncidentImpact.self)
        let createdAt = try entry["created_at"].time()
        let startedAt = try entry["started_at"].optionalTime() ?? createdAt
        var updates: [ImportedUpdate] = []
        for field in try entry["incident_updates"].optionalArray() {
            var changes: [ImportedStatusChange] = []
            for affected in try field["affected_components"].optionalArray() {
                let code = try affected["code"].identifier()
                let newStatus = try affected["new_status"].enumeration(ComponentStatus.self)
                guard known.contains(code) else {
                    warnings.append("\(affected.file): \(affected.path): component '\(code)' is not in components.json; left out")
                    continue
                }
                changes.removeAll { $0.componentExternalID == code }
                changes.append(ImportedStatusChange(componentExternalID: code, status: newStatus))
            }
            // Statuspage shows `display_at` (staff may backdate an update); without one, `created_at`.
            let shownAt = try field["display_at"].optionalTime() ?? field["created_at"].time()
            _ = try field["created_at"].time()
            updates.append(ImportedUpdate(
                externalID: try field["id"].identifier(),
                status: try field["status"].enumeration(IncidentStatus.self, extra: ["postmortem": .resolved]),
                body: try checkedText(field["body"], as: .body), createdAt: shownAt, changes: changes))
        }
        // Statuspage lists updates newest first; ties keep the listed order reversed.
        updates = updates.enumerated().sorted { ($0.element.createdAt, -$0.offset) < ($1.element.createdAt, -$1.offset) }.map(\.element)
        let resolvedField = entry["resolved_at"]
        let resolvedAt = ImportRules.resolvedAt(status: status, reported: try resolvedField.optionalTime(),
                                                updates: updates.map(\.createdAt), startedAt: startedAt)
        if let problem = ImportRules.resolutionProblem(startedAt: startedAt, resolvedAt: try resolvedField.optionalTime()),
           !status.isActive {
            throw resolvedField.failure(problem)
        }
        // A postmortem counts once published, and only after a resolution (Driftstatus's rule).
        let postmortemBody = try checkedText(entry["postmortem_body"], as: .postmortem)
        let postmortemAt = try entry["postmortem_published_at"].optionalTime()
        let postmortem = postmortemAt.flatMap { at in
            postmortemBody.isEmpty || status.isActive ? nil : ImportedPostmortem(body: postmortemBody, publishedAt: at)
        }
        return ImportedIncident(externalID: id, title: title, impact: impact, status: status, startedAt: startedAt,
                                resolvedAt: resolvedAt,
                                componentExternalIDs: try componentIDs(entry["components"], known: known, warnings: &warnings),
                                updates: updates, postmortem: postmortem)
    }

    // MARK: - Maintenance

    /// Statuspage's maintenance statuses; Driftstatus derives a window's status from its times,
    /// so only "completed" before the planned end (finished early) is kept, as the completion time.
    enum MaintenanceState: String, CaseIterable {
        case scheduled, inProgress = "in_progress", verifying, completed
    }

    private func decodeMaintenance(_ entry: JSONField, known: Set<String>, warnings: inout [String]) throws -> ImportedMaintenance {
        let id = try entry["id"].identifier()
        let title = try checkedText(entry["name"], as: .title)
        let state = try entry["status"].enumeration(MaintenanceState.self)
        let startsAt = try entry["scheduled_for"].time()
        let untilField = entry["scheduled_until"]
        let endsAt = try untilField.time()
        if let problem = ImportRules.windowProblem(startsAt: startsAt, endsAt: endsAt) { throw untilField.failure(problem) }
        var updates: [(at: Date, body: String)] = []
        for field in try entry["incident_updates"].optionalArray() {
            _ = try field["status"].enumeration(MaintenanceState.self)
            updates.append((try field["display_at"].optionalTime() ?? field["created_at"].time(), try checkedText(field["body"], as: .body)))
        }
        // The announcement (the oldest update) is the window's text; the later ones are the
        // "started"/"completed" notes a status page writes itself, and Driftstatus writes its own.
        let announcement = updates.min { $0.at < $1.at }?.body ?? ""
        var completedAt: Date?
        if state == .completed {
            let resolved = try entry["resolved_at"].optionalTime() ?? updates.map(\.at).max() ?? endsAt
            if resolved < endsAt { completedAt = max(resolved, startsAt) }
        }
        return ImportedMaintenance(
            externalID: id, title: title, body: announcement == title ? "" : announcement, startsAt: startsAt, endsAt: endsAt,
            completedAt: completedAt, componentExternalIDs: try componentIDs(entry["components"], known: known, warnings: &warnings),
            createdAt: try entry["created_at"].time())
    }

    // MARK: - Shared pieces

    /// A text the rules accept as `kind` (absent or null counts as empty).
    private func checkedText(_ field: JSONField, as kind: ImportRules.TextKind) throws -> String {
        let text = kind.isRequired ? try field.string() : try field.optionalString() ?? ""
        if let problem = ImportRules.textProblem(text, as: kind) { throw field.failure(problem) }
        // A whitespace-only body or description is no text (the store keeps none for it).
        return text.allSatisfy(\.isWhitespace) ? "" : text
    }

    /// The ids of an incident's or a window's `components` array that components.json lists.
    private func componentIDs(_ field: JSONField, known: Set<String>, warnings: inout [String]) throws -> [String] {
        var ids: [String] = []
        for component in try field.optionalArray() {
            let id = try component["id"].identifier()
            if known.contains(id) { ids.append(id) } else {
                warnings.append("\(component.file): \(component.path): component '\(id)' is not in components.json; left out")
            }
        }
        return ids
    }
}
