package io.nowcast.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through {@code /usr/bin/chromedriver}, shared by the browser
 * tests: explicit binaries (so Selenium Manager never downloads anything), a throw-away profile and
 * no background networking, so a test touches nothing beyond loopback.
 */
public final class HeadlessChromium implements AutoCloseable {

  public static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");

  private final ChromeDriver browser;
  private final Duration patience;

  public HeadlessChromium(Path profile, Duration patience) {
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profile.toAbsolutePath(),
        "--window-size=1400,900");
    this.browser = new ChromeDriver(service, options);
    this.patience = patience;
  }

  /** True when both binaries are installed ({@code apt-get install chromium chromium-driver}). */
  public static boolean available() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  public void open(String url) {
    browser.get(url);
  }

  /** The element's text, found again if the page re-rendered it between finding and reading. */
  public String text(String elementId) {
    return retryingStale(
        "read #" + elementId, () -> browser.findElement(By.id(elementId)).getText());
  }

  public int count(String cssSelector) {
    return browser.findElements(By.cssSelector(cssSelector)).size();
  }

  /** Clicks the element, found again if the page re-rendered it between finding and clicking. */
  public void click(String cssSelector) {
    retryingStale(
        "click " + cssSelector,
        () -> {
          browser.findElement(By.cssSelector(cssSelector)).click();
          return true;
        });
  }

  /**
   * Runs {@code action} until it completes without a stale element: the dashboard re-renders its
   * rows and badges on every event, so a handle can go stale between finding and using it.
   */
  private <T> T retryingStale(String what, Supplier<T> action) {
    return new WebDriverWait(browser, patience)
        .withMessage(what)
        .ignoring(StaleElementReferenceException.class)
        .until(driver -> action.get());
  }

  public Object script(String javascript) {
    return ((JavascriptExecutor) browser).executeScript(javascript);
  }

  /** Forecast points on the chart of the selected sensor (the page's test hook). */
  public long forecastPoints() {
    return ((Number)
            script("return window.nowcastDashboard ? window.nowcastDashboard.forecastPoints() : 0"))
        .longValue();
  }

  /** Polls {@code condition} until it holds; fails naming {@code what} after the patience. */
  public void waitUntil(String what, BooleanSupplier condition) {
    new WebDriverWait(browser, patience)
        .withMessage(what)
        .ignoring(StaleElementReferenceException.class)
        .until(driver -> condition.getAsBoolean());
  }

  /** Saves a PNG of the window to {@code target}, replacing it. */
  public void screenshot(Path target) throws IOException {
    Path png = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.createDirectories(target.toAbsolutePath().getParent());
    Files.copy(png, target, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() {
    browser.quit();
  }
}
