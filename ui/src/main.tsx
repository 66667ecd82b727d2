import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css";
import "./styles.css";
import { App } from "./App";

const root = document.getElementById("root");
if (root) {
  document.body.classList.add("nhsuk-frontend-supported", "js-enabled");
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
