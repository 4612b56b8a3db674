// The outbox sender lives here.
