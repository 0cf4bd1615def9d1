package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panjereh.core.SigningKey;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;

/**
 * The built jar as an integrator runs it in production: the platform named by {@code PLATFORM_ISSUER} in the
 * environment, the store in PostgreSQL by {@code --db=}, the password from a file. The catalogue comes from
 * that platform and the gateway's tables are in that database.
 */
class PostgresCommandLineIT {

    private static final int PORT = 18785;

    @TempDir
    Path dir;

    @Test
    void platformFromTheEnvironmentAndStoreInPostgres() throws Exception {
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             NationalSandbox sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).agency(new AgencyRegistration("1010",
                     "agency-1010", List.of(URI.create("http://127.0.0.1:" + PORT + "/callback")), new JWKSet(key.publicJwk()),
                     null, null, null)).build())) {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE USER gateway PASSWORD 'from-a-file'");
                s.execute("CREATE DATABASE gateway OWNER gateway");
            }
            Map<String, String> settings = GatewayNode.settings(sandbox, key, dir,
                    URI.create("http://127.0.0.1:" + PORT + "/callback"));
            String issuer = settings.remove("panjereh.platform.issuer");
            settings.put("gateway.data-dir", dir.resolve("data").toString());
            settings.put("gateway.db.user", "gateway");
            settings.put("gateway.db.password-file", Files.writeString(dir.resolve("db-password"), "from-a-file\n").toString());
            String db = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/gateway";
            GatewayProcess g = GatewayProcess.start(PORT, settings, List.of("--db=" + db), Map.of("PLATFORM_ISSUER", issuer),
                    dir.resolve("gateway.log"));
            try {
                try (Response r = new OkHttpClient().newCall(new Request.Builder().url("http://127.0.0.1:" + PORT + "/").build())
                        .execute()) {
                    assertEquals(200, r.code());
                    assertTrue(r.body().string().contains("ثبت محل اقامت"), "the catalogue came from the named platform");
                }
            } finally {
                g.close();
            }
            try (Connection c = pg.getDatabase("gateway", "gateway").getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                         + "ORDER BY table_name")) {
                List<String> tables = new java.util.ArrayList<>();
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
                assertTrue(tables.containsAll(List.of("gateway_request", "gateway_timeline", "panjereh_outbox", "panjereh_session")),
                        tables.toString());
            }
        }
    }
}
