package org.fr.gallery.solr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.ConfigSetAdminRequest;
import org.apache.solr.client.solrj.response.ConfigSetAdminResponse;
import org.apache.solr.common.SolrException;

/**
 * Creates a gallery collection when it is missing: uploads the configset {@code fr-gallery-DIMENSION} (schema with a
 * {@code DIMENSION}-long cosine HNSW vector field) unless present, then creates the collection with the given shards
 * and replication factor. Safe to race with another process doing the same (losers see "already exists" and go on).
 */
final class GalleryCollection {
    private static final String[] FILES = {"schema.xml", "solrconfig.xml"};

    private GalleryCollection() {}

    static String configSetName(int dimension) {
        return "fr-gallery-" + dimension;
    }

    /** Creates {@code collection} if missing; true if this call created it. */
    static boolean ensure(SolrClient client, String collection, int dimension, int shards, int replicas)
            throws IOException, SolrServerException {
        if (CollectionAdminRequest.listCollections(client).contains(collection)) return false;
        String config = configSetName(dimension);
        ConfigSetAdminResponse.List sets = new ConfigSetAdminRequest.List().process(client);
        if (!sets.getConfigSets().contains(config)) upload(client, config, dimension);
        try {
            CollectionAdminRequest.Create create = CollectionAdminRequest.createCollection(collection, config, shards, replicas);
            create.setWaitForFinalState(true);
            create.process(client);
            return true;
        } catch (SolrException e) {
            if (CollectionAdminRequest.listCollections(client).contains(collection)) return false; // lost a race
            throw e;
        }
    }

    private static void upload(SolrClient client, String name, int dimension) throws IOException, SolrServerException {
        Path zip = Files.createTempFile(name, ".zip");
        try {
            Files.write(zip, configSetZip(dimension));
            ConfigSetAdminRequest.Upload upload = new ConfigSetAdminRequest.Upload();
            upload.setConfigSetName(name);
            upload.setUploadFile(zip.toFile(), "application/zip");
            try {
                upload.process(client);
            } catch (SolrException e) {
                if (!new ConfigSetAdminRequest.List().process(client).getConfigSets().contains(name)) throw e;
            }
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    /** The configset as a zip, the schema's vector dimension filled in. */
    static byte[] configSetZip(int dimension) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (String file : FILES) {
                out.putNextEntry(new ZipEntry(file));
                out.write(resource(file).replace("@DIMENSION@", Integer.toString(dimension)).getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String resource(String file) throws IOException {
        try (InputStream in = GalleryCollection.class.getResourceAsStream("configset/" + file)) {
            if (in == null) throw new IOException("configset file missing from the jar: " + file);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
