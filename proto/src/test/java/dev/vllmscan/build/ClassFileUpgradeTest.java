package dev.vllmscan.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

class ClassFileUpgradeTest {
  @TempDir Path dir;

  /**
   * A class whose one method needs a frame where two branches meet with different types in one local:
   * {@code static String pick(boolean b) { Object o = b ? new StringBuilder("sb") : "str"; return o.toString(); }}.
   */
  private static byte[] picker(String name, int version) {
    ClassWriter w = new ClassWriter(version >= Opcodes.V1_7 ? ClassWriter.COMPUTE_FRAMES : ClassWriter.COMPUTE_MAXS);
    w.visit(version, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name, null, "java/lang/Object", null);
    MethodVisitor m = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "pick", "(Z)Ljava/lang/String;", null, null);
    m.visitCode();
    Label other = new Label();
    Label join = new Label();
    m.visitVarInsn(Opcodes.ILOAD, 0);
    m.visitJumpInsn(Opcodes.IFEQ, other);
    m.visitTypeInsn(Opcodes.NEW, "java/lang/StringBuilder");
    m.visitInsn(Opcodes.DUP);
    m.visitLdcInsn("sb");
    m.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "(Ljava/lang/String;)V", false);
    m.visitVarInsn(Opcodes.ASTORE, 1);
    m.visitJumpInsn(Opcodes.GOTO, join);
    m.visitLabel(other);
    m.visitLdcInsn("str");
    m.visitVarInsn(Opcodes.ASTORE, 1);
    m.visitLabel(join);
    m.visitVarInsn(Opcodes.ALOAD, 1);
    m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Object", "toString", "()Ljava/lang/String;", false);
    m.visitInsn(Opcodes.ARETURN);
    m.visitMaxs(0, 0);
    m.visitEnd();
    w.visitEnd();
    return w.toByteArray();
  }

  private static Object call(String name, byte[] classFile, boolean arg) throws Exception {
    ClassLoader loader = new ClassLoader(ClassFileUpgradeTest.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String n) throws ClassNotFoundException {
        if (!n.equals(name.replace('/', '.'))) throw new ClassNotFoundException(n);
        return defineClass(n, classFile, 0, classFile.length);
      }
    };
    return Class.forName(name.replace('/', '.'), true, loader).getMethod("pick", boolean.class).invoke(null, arg);
  }

  @Test
  void anOldClassBecomesVersion52WithFramesTheVerifierAccepts() throws Exception {
    byte[] old = picker("old/Picker", Opcodes.V1_5);
    assertEquals(49, ClassFileUpgrade.majorVersion(old));
    byte[] up = ClassFileUpgrade.upgrade(old, getClass().getClassLoader());
    assertEquals(52, ClassFileUpgrade.majorVersion(up));
    // Version 52 has no fallback to the old verifier: without a frame at the join this throws VerifyError.
    assertEquals("sb", call("old/Picker", up, true));
    assertEquals("str", call("old/Picker", up, false));
    byte[] framesMissing = old.clone();
    framesMissing[7] = 52;
    assertThrows(VerifyError.class, () -> call("old/Picker", framesMissing, true));
  }

  @Test
  void aJarKeepsEveryOtherEntryByteForByte() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("old/A.class", picker("old/A", Opcodes.V1_5));
    entries.put("old/B.class", picker("old/B", Opcodes.V1_8));
    entries.put("old/notes.txt", "not a class".getBytes());
    entries.put("other/C.class", picker("other/C", Opcodes.V1_5));
    Path jar = write(entries);

    assertEquals(1, ClassFileUpgrade.upgrade(jar, "old/"));

    Map<String, byte[]> after = read(jar);
    assertEquals(entries.keySet(), after.keySet(), "same entries, same order");
    assertEquals(52, ClassFileUpgrade.majorVersion(after.get("old/A.class")));
    assertEquals("sb", call("old/A", after.get("old/A.class"), true));
    assertArrayEquals(entries.get("old/B.class"), after.get("old/B.class"), "already 52: untouched");
    assertArrayEquals(entries.get("old/notes.txt"), after.get("old/notes.txt"));
    assertArrayEquals(entries.get("other/C.class"), after.get("other/C.class"), "outside the prefix: untouched");
  }

  @Test
  void aPrefixThatMatchesNothingFailsAndLeavesTheJarAlone() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("other/C.class", picker("other/C", Opcodes.V1_5));
    Path jar = write(entries);
    byte[] before = Files.readAllBytes(jar);

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ClassFileUpgrade.upgrade(jar, "picocli/"));

    assertTrue(e.getMessage().contains("no class under picocli/"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(jar));
    try (var left = Files.list(dir)) {
      assertEquals(1, left.count(), "no temporary file left beside the jar");
    }
  }

  private Path write(Map<String, byte[]> entries) throws IOException {
    Path jar = dir.resolve("t.jar");
    try (OutputStream o = Files.newOutputStream(jar); ZipOutputStream z = new ZipOutputStream(o)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    }
    return jar;
  }

  private static Map<String, byte[]> read(Path jar) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (ZipFile z = new ZipFile(jar.toFile())) {
      var it = z.entries();
      while (it.hasMoreElements()) {
        ZipEntry e = it.nextElement();
        out.put(e.getName(), z.getInputStream(e).readAllBytes());
      }
    }
    return out;
  }
}
