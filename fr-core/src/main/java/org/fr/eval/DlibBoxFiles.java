package org.fr.eval;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.fr.BoundingBox;
import org.fr.FrException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads dlib's imglab XML ({@code <image file='a.jpg'><box top='T' left='L' width='W' height='H'/>...}): each box
 * covers pixels {@code [left, left + width) x [top, top + height)}, so it becomes {@code BoundingBox(L, T, L+W, T+H)}.
 * Boxes marked {@code ignore='1'} are left out. Image paths are resolved against the XML file's folder. Stateless.
 */
public final class DlibBoxFiles {
    private DlibBoxFiles() {}

    /** The images of one XML file, in file order. @throws FrException naming the file when it is unreadable or malformed */
    public static List<LabelledImage> read(Path xml) {
        Document doc;
        try (InputStream in = Files.newInputStream(xml)) {
            doc = parser().parse(in);
        } catch (IOException | SAXException | ParserConfigurationException e) {
            throw new FrException(xml + ": cannot read dlib box file: " + e.getMessage(), e);
        }
        Path dir = xml.toAbsolutePath().getParent();
        List<LabelledImage> out = new ArrayList<>();
        NodeList images = doc.getElementsByTagName("image");
        for (int i = 0; i < images.getLength(); i++) {
            Element img = (Element) images.item(i);
            String file = img.getAttribute("file");
            if (file.isEmpty()) throw new FrException(xml + ": image " + (i + 1) + " has no file attribute");
            List<BoundingBox> faces = new ArrayList<>();
            NodeList boxes = img.getElementsByTagName("box");
            for (int j = 0; j < boxes.getLength(); j++) {
                Element b = (Element) boxes.item(j);
                if ("1".equals(b.getAttribute("ignore"))) continue;
                float top = number(xml, file, b, "top"), left = number(xml, file, b, "left");
                float w = number(xml, file, b, "width"), h = number(xml, file, b, "height");
                if (w < 0 || h < 0) throw new FrException(xml + ": " + file + ": box " + (j + 1) + " has a negative size");
                faces.add(new BoundingBox(left, top, left + w, top + h));
            }
            out.add(new LabelledImage(dir.resolve(file), faces));
        }
        return out;
    }

    private static float number(Path xml, String file, Element box, String attribute) {
        String v = box.getAttribute(attribute);
        try {
            return Float.parseFloat(v);
        } catch (NumberFormatException e) {
            throw new FrException(xml + ": " + file + ": box attribute " + attribute + " must be a number, got '" + v + "'");
        }
    }

    private static DocumentBuilder parser() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder();
    }
}
