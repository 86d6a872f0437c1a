package dev.vllmscan.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Build step: rewrites the classes under one package prefix of a jar as Java 8 class files (version 52) with stack
 * map frames; every other entry is copied byte for byte. picocli ships Java 5 class files, and JDK 25's AOT cache
 * leaves out any such class once it has been linked, so every launcher start loaded, parsed and verified picocli's
 * ~180 classes with the old verifier (README, "Sixth pass"). Only the version and the frames change: the bytecode is
 * the same, and the frames are what the JVM's own verifier checks before it runs a class. Run by the launcher's
 * build on its shaded jar; fails the build when no class matches, so a renamed package cannot go unnoticed.
 *
 * <p>Arguments: {@code <jar> <prefix>}, e.g. {@code target/vllmscan.jar picocli/}.
 */
public final class ClassFileUpgrade {
  /** The version written: the first with mandatory frames, which every AOT cache and CDS archive accepts. */
  static final int TARGET = Opcodes.V1_8;

  private ClassFileUpgrade() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) throw new IllegalArgumentException("usage: ClassFileUpgrade <jar> <prefix>");
    int n = upgrade(Path.of(args[0]), args[1]);
    System.out.println("ClassFileUpgrade: " + n + " classes under " + args[1] + " in " + args[0] + " now version 52");
  }

  /** Rewrites {@code jar} in place; returns how many classes were upgraded (classes already at 52 or above stay). */
  public static int upgrade(Path jar, String prefix) throws IOException {
    // Beside the jar (same file system, for the atomic move), made with the usual umask: a temp file's 0600 would
    // leave the built jar unreadable to other users of the tree.
    Path tmp = jar.resolveSibling(jar.getFileName() + ".upgrading");
    int upgraded = 0;
    int matched = 0;
    // Frames name the common superclass where two types meet: the jar's own classes must be resolvable for that.
    try (URLClassLoader hierarchy = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        InputStream raw = Files.newInputStream(jar);
        ZipInputStream in = new ZipInputStream(raw);
        OutputStream sink = Files.newOutputStream(tmp);
        ZipOutputStream out = new ZipOutputStream(sink)) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        byte[] bytes = in.readAllBytes();
        if (e.getName().startsWith(prefix) && e.getName().endsWith(".class")) {
          matched++;
          byte[] up = upgrade(bytes, hierarchy);
          if (up != bytes) upgraded++;
          bytes = up;
        }
        ZipEntry copy = new ZipEntry(e.getName());
        copy.setTime(e.getTime());
        out.putNextEntry(copy);
        out.write(bytes);
        out.closeEntry();
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    if (matched == 0) {
      Files.deleteIfExists(tmp);
      throw new IllegalStateException("no class under " + prefix + " in " + jar + ": nothing to upgrade");
    }
    Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return upgraded;
  }

  /** One class file at version 52 with computed frames; the same array when it is already 52 or newer. */
  static byte[] upgrade(byte[] classFile, ClassLoader hierarchy) {
    ClassReader reader = new ClassReader(classFile);
    if (reader.readUnsignedShort(6) >= (TARGET & 0xFFFF)) return classFile;
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
      @Override
      protected ClassLoader getClassLoader() {
        return hierarchy;
      }
    };
    reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
      @Override
      public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        super.visit(TARGET, access, name, signature, superName, interfaces);
      }
    }, ClassReader.SKIP_FRAMES);
    return writer.toByteArray();
  }

  /** For tests: the major version of a class file. */
  static int majorVersion(byte[] classFile) {
    if (classFile.length < 8) throw new IllegalArgumentException("not a class file");
    return ((classFile[6] & 0xFF) << 8) | (classFile[7] & 0xFF);
  }
}
