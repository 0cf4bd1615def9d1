package org.panjereh.gateway;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.core.Application;

/**
 * The gateway's Jakarta REST application. Blocking: every resource and filter runs on a worker thread,
 * because they read forms, query the database and call the platform synchronously.
 */
@Blocking
public class GatewayApplication extends Application {
}
