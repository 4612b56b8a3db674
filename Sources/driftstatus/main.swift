print("driftstatus: not built yet")
