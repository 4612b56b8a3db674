/// Every demo incident: ~90 days of history, the recent overload trouble, and one open now.
enum DemoIncidents {
    static var all: [DemoIncidentScript] { earlierHistory + overloadPeriod + [current] }
}
