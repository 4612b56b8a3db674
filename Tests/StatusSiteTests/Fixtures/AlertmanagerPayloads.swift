import Foundation

/// Webhook bodies as the real senders write them: Alertmanager 0.25's version-4 body (the shape
/// in Alertmanager's docs, nanosecond times with an offset) and Grafana's webhook contact point
/// (the example in Grafana's docs: orgId, state, title, message, per-alert values, dashboardURL...),
/// with labels of our own.
enum AlertmanagerPayloads {
    static func alertmanager(status: String, startsAt: String = "2026-11-25T13:52:26.739266876+01:00",
                             endsAt: String = "0001-01-01T00:00:00Z", fingerprint: String = "1a30ba71cca2921f",
                             severity: String = "critical", summary: String = "Bank synchronisation is slow") -> String {
        """
        {
          "receiver": "driftstatus",
          "status": "\(status)",
          "alerts": [
            {
              "status": "\(status)",
              "labels": {"alertname": "BankSyncSlow", "service": "bank-sync", "severity": "\(severity)", "instance": "sync-1:9100"},
              "annotations": {"summary": \(json(summary)), "description": "p95 above 30 s for 5 minutes"},
              "startsAt": "\(startsAt)",
              "endsAt": "\(endsAt)",
              "generatorURL": "http://prometheus.example:9090/graph?g0.expr=bank_sync_seconds%3E30\\u0026g0.tab=1",
              "fingerprint": "\(fingerprint)"
            }
          ],
          "groupLabels": {"alertname": "BankSyncSlow"},
          "commonLabels": {"alertname": "BankSyncSlow", "service": "bank-sync", "severity": "\(severity)", "instance": "sync-1:9100"},
          "commonAnnotations": {"summary": \(json(summary))},
          "externalURL": "http://alertmanager.example:9093",
          "version": "4",
          "groupKey": "{}/{service=\\"bank-sync\\"}:{alertname=\\"BankSyncSlow\\"}",
          "truncatedAlerts": 0
        }
        """
    }

    static func grafana(status: String, startsAt: String = "2026-11-25T13:51:03.157076+01:00") -> String {
        """
        {
          "receiver": "Driftstatus",
          "status": "\(status)",
          "orgId": 1,
          "alerts": [
            {
              "status": "\(status)",
              "labels": {"alertname": "Login errors", "service": "login", "severity": "critical", "grafana_folder": "Web"},
              "annotations": {"description": "Login error rate above 5 %", "summary": "Login fails for many users"},
              "startsAt": "\(startsAt)",
              "endsAt": "0001-01-01T00:00:00Z",
              "generatorURL": "https://grafana.example/alerting/grafana/1afz29v7z/view",
              "fingerprint": "c6eadffa33fcdf37",
              "silenceURL": "https://grafana.example/alerting/silence/new?alertmanager=grafana&matcher=alertname%3DLogin+errors",
              "dashboardURL": "https://grafana.example/d/abc",
              "panelURL": "https://grafana.example/d/abc?viewPanel=1",
              "values": {"B": 7.25, "C": 1},
              "valueString": "[ var='B' labels={} value=7.25 ]"
            }
          ],
          "groupLabels": {"alertname": "Login errors"},
          "commonLabels": {"alertname": "Login errors", "service": "login", "severity": "critical"},
          "commonAnnotations": {},
          "externalURL": "https://grafana.example/",
          "version": "1",
          "groupKey": "{}:{alertname=\\"Login errors\\"}",
          "truncatedAlerts": 0,
          "title": "[FIRING:1] Login errors Web (critical)",
          "state": "alerting",
          "message": "**Firing**\\n\\nValue: B=7.25"
        }
        """
    }

    private static func json(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
