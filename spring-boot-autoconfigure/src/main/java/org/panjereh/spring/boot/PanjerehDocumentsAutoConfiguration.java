package org.panjereh.spring.boot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.panjereh.core.PanjerehConfigurationException;
import org.panjereh.core.SigningKey;
import org.panjereh.documents.DocumentIssuer;
import org.panjereh.documents.DocumentRegistry;
import org.panjereh.documents.DocumentVerifier;
import org.panjereh.documents.SigningCertificate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Signed permits (contract §11), when {@code sdk-documents} is on the class path: the JDBC document registry on the
 * application's {@link DataSource}; a {@link DocumentIssuer} once {@code panjereh.documents.key-file} names the
 * document-signing key (with {@code .chain-file}, {@code .agency-name}, {@code .verification-base} and optionally
 * {@code .tsa-url}); a {@link DocumentVerifier} once {@code panjereh.documents.trust-anchor-file} names the CA
 * certificates a document must chain to. Each is replaced by a bean of the application's own type.
 */
@AutoConfiguration(after = PanjerehAutoConfiguration.class,
        afterName = {"org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration", // Boot 3
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"}) // Boot 4
@ConditionalOnClass(DocumentIssuer.class)
public class PanjerehDocumentsAutoConfiguration {

    /** Creates the configuration. */
    public PanjerehDocumentsAutoConfiguration() {
    }

    /**
     * @param dataSource the application's database
     * @return the registry (table created if missing)
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(DataSource.class)
    public DocumentRegistry panjerehDocumentRegistry(DataSource dataSource) {
        return DocumentRegistry.jdbc(dataSource);
    }

    /**
     * @param properties {@code panjereh.documents.*}
     * @return the issuer, signing with the configured key and certificate chain
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "panjereh.documents", name = "key-file")
    public DocumentIssuer panjerehDocumentIssuer(PanjerehProperties properties) {
        PanjerehProperties.Documents d = properties.getDocuments();
        if (d.getChainFile() == null || d.getAgencyName() == null || d.getVerificationBase() == null) {
            throw new PanjerehConfigurationException("panjereh.documents.key-file needs panjereh.documents.chain-file, "
                    + ".agency-name and .verification-base too");
        }
        SigningCertificate signer = SigningCertificate.of(SigningKey.load(d.getKeyFile(), null), d.getChainFile());
        return DocumentIssuer.builder(d.getAgencyName(), signer, d.getVerificationBase())
                .timeStampAuthority(d.getTsaUrl()).build();
    }

    /**
     * @param properties {@code panjereh.documents.trust-anchor-file}
     * @param registry   the registry, when there is one: a document must then be registered and not revoked
     * @return the verifier
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "panjereh.documents", name = "trust-anchor-file")
    public DocumentVerifier panjerehDocumentVerifier(PanjerehProperties properties, ObjectProvider<DocumentRegistry> registry) {
        Path anchors = properties.getDocuments().getTrustAnchorFile();
        DocumentVerifier.Builder b;
        try (InputStream in = Files.newInputStream(anchors)) {
            b = DocumentVerifier.builder(SigningCertificate.readCertificates(in));
        } catch (IOException e) {
            throw new PanjerehConfigurationException("Cannot read panjereh.documents.trust-anchor-file " + anchors + ": "
                    + e.getMessage());
        }
        registry.ifAvailable(b::registry);
        return b.build();
    }
}
