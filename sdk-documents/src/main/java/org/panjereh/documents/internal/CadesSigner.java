package org.panjereh.documents.internal;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.panjereh.documents.DocumentException;
import org.panjereh.documents.SigningCertificate;

/**
 * The CMS of a PAdES baseline B-B signature (ETSI EN 319 142-1 §6.3): detached, SHA-256, signed attributes
 * content-type, message-digest and signing-certificate-v2 (ESSCertIDv2 of the signer's certificate), and no
 * signing-time attribute (the time is the signature dictionary's {@code M}); the chain goes in the certificates.
 */
public final class CadesSigner {

    private CadesSigner() {
    }

    /**
     * @param signer  key and chain
     * @param content the bytes the PDF's ByteRange covers
     * @return DER of the CMS SignedData
     */
    public static byte[] sign(SigningCertificate signer, byte[] content) {
        return sign(signer, content, null);
    }

    /**
     * @param signer  key and chain
     * @param content the bytes the PDF's ByteRange covers
     * @param tsa     an RFC 3161 time-stamp authority for PAdES B-T, or {@code null} for B-B
     * @return DER of the CMS SignedData
     */
    public static byte[] sign(SigningCertificate signer, byte[] content, java.net.URI tsa) {
        try {
            X509Certificate cert = signer.chain().get(0);
            String algorithm = signer.key().privateKey().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            ContentSigner contentSigner = new JcaContentSignerBuilder(algorithm).build(signer.key().privateKey());
            AttributeTable essCert = new AttributeTable(new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2,
                    new DERSet(signingCertificateV2(cert))));
            CMSAttributeTableGenerator signedAttributes = params -> {
                @SuppressWarnings("unchecked")
                Map<Object, Object> p = (Map<Object, Object>) params;
                ASN1EncodableVector v = new ASN1EncodableVector();
                v.add(new Attribute(CMSAttributes.contentType, new DERSet((ASN1ObjectIdentifier) p.get(
                        CMSAttributeTableGenerator.CONTENT_TYPE))));
                v.add(new Attribute(CMSAttributes.messageDigest, new DERSet(new org.bouncycastle.asn1.DEROctetString(
                        (byte[]) p.get(CMSAttributeTableGenerator.DIGEST)))));
                v.add(essCert.get(PKCSObjectIdentifiers.id_aa_signingCertificateV2));
                return new AttributeTable(v);
            };
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            gen.addSignerInfoGenerator(new SignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                    .setSignedAttributeGenerator(signedAttributes)
                    .build(contentSigner, new X509CertificateHolder(cert.getEncoded())));
            List<X509Certificate> chain = new ArrayList<>(signer.chain());
            gen.addCertificates(new JcaCertStore(chain));
            org.bouncycastle.cms.CMSSignedData signed = gen.generate(new CMSProcessableByteArray(content), false);
            if (tsa != null) {
                signed = TimeStamps.addSignatureTimeStamp(signed, tsa);
            }
            return signed.getEncoded("DER");
        } catch (OperatorCreationException | CMSException | CertificateEncodingException | IOException e) {
            throw new DocumentException(DocumentException.Reason.SIGNING_FAILED,
                    "Cannot make the document's CMS signature: " + e.getMessage(), e);
        }
    }

    /** ESSCertIDv2 with SHA-256 (the default algorithm, so it is omitted) and the issuer and serial. */
    private static SigningCertificateV2 signingCertificateV2(X509Certificate cert) throws CertificateEncodingException {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        X509CertificateHolder h;
        try {
            h = new X509CertificateHolder(cert.getEncoded());
        } catch (IOException e) {
            throw new CertificateEncodingException(e);
        }
        IssuerSerial issuerSerial = new IssuerSerial(new GeneralNames(new GeneralName(h.getIssuer())), h.getSerialNumber());
        return new SigningCertificateV2(new ESSCertIDv2[] {
            new ESSCertIDv2(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256), hash, issuerSerial)});
    }
}
