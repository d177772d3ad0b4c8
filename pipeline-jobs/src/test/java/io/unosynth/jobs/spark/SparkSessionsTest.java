package io.unosynth.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {
    @Test
    void theNioFileSystemIsUsedOnlyWhereHadoopCanLoadIt() throws Exception {
        assertThat(SparkSessions.hadoopCanLoad(NioLocalFileSystem.class)).isTrue();

        // spark-submit's layout: the application jar in a child loader Hadoop's loader cannot see.
        URL classes = NioLocalFileSystem.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader child = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            Class<?> submitted = Class.forName(SparkSessionsTest.class.getName(), false, new URLClassLoader(
                    new URL[] {SparkSessionsTest.class.getProtectionDomain().getCodeSource().getLocation()},
                    child));
            assertThat(SparkSessions.hadoopCanLoad(submitted)).isFalse();
        }
    }
}
