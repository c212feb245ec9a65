import {
  connectIntakeForm,
  intakeFormMachine,
  lazyVault,
  type AnswerProblem,
  type CrisisResource,
  type IntakeFormState,
  type IntakeFormView,
  type ItemView,
  type QuestionnaireProblem,
  type Records,
  type UnsupportedFeature,
  type Vault,
} from '@attune/core';
// Its own module, not the barrel: records/index.js also exports the client this loads on demand, and esbuild would bundle it.
import { lazyFhirRecords } from '@attune/core/records/lazy-fhir-records.js';
import { localized, msg, str } from '@lit/localize';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { createActor, type Actor } from 'xstate';
import { ActorController } from '../actor-controller.js';
import { emit } from '../events.js';
import { styles } from './intake-form.styles.js';

export type IntakeFormActor = Actor<typeof intakeFormMachine>;

/**
 * Renders a FHIR R4 Questionnaire and produces its QuestionnaireResponse: pages with progress,
 * problems next to their fields, a draft autosaved sealed on the device, submit through Records
 * (queued while offline), and crisis resources whenever an answer raises a risk flag.
 *
 * @summary A FHIR Questionnaire form for intake, consent and screening instruments.
 *
 * @fires attune-response-submitted - The response was stored: `{ response }`.
 * @fires attune-error - Loading or submitting failed: `{ code, message }`.
 *
 * @csspart base - The wrapper.
 * @csspart heading - The form title.
 * @csspart progress - Page progress.
 * @csspart items - The questions of the current page.
 * @csspart group - A group of questions.
 * @csspart field - One question.
 * @csspart display - Text between questions.
 * @csspart problem - The problem next to a field.
 * @csspart hint - The expected format of an answer.
 * @csspart unit - The unit of a quantity.
 * @csspart error-summary - The list of problems at the top after a submit.
 * @csspart notice - The unsupported-feature, offline or error notice.
 * @csspart status - Loading, sending and saved messages.
 * @csspart actions - The form's buttons.
 * @csspart button - Every button.
 * @csspart crisis - Crisis resources after a risk flag.
 * @csspart copyright - The instrument's copyright and use notice.
 * @csspart autosave - The draft-saved message.
 *
 * @cssproperty --attune-color-danger - Problems and invalid fields.
 * @cssproperty --attune-color-risk - Crisis resources border and links.
 * @cssproperty --attune-color-risk-surface - Crisis resources background.
 */
@localized()
export class AttuneIntakeForm extends LitElement {
  static override styles = styles;

  /** The Questionnaire to render: an object or its JSON text. */
  @property({ attribute: false }) questionnaire: unknown;

  /** The canonical URL of a Questionnaire to read through Records, when no object is given. */
  @property({ attribute: 'questionnaire-url' }) questionnaireUrl: string | undefined;

  /** The FHIR base URL for the default Records adapter. */
  @property({ attribute: 'fhir-base' }) fhirBase: string | undefined;

  /** Supplies the bearer token for the default Records adapter. */
  @property({ attribute: false }) getToken: (() => string | undefined | Promise<string | undefined>) | undefined;

  /** A Records adapter handed in by the host (e.g. a SMART on FHIR client); overrides `fhir-base`. */
  @property({ attribute: false }) records: Records | undefined;

  /** Where drafts and the outbox are sealed; defaults to Attune's IndexedDB vault. */
  @property({ attribute: false }) vault: Vault | undefined;

  /** The patient the answers are about, as a FHIR reference ("Patient/123"). */
  @property() subject: string | undefined;

  /** Who answers, as a FHIR reference; defaults to the subject. */
  @property() author: string | undefined;

  /** The practice's own crisis lines, listed after 988 and 911 (they are never replaced). */
  @property({ attribute: false }) crisisResources: CrisisResource[] | undefined;

  /** An intake form actor owned elsewhere (stories, a host app). */
  @property({ attribute: false }) actor: IntakeFormActor | undefined;

  private controller: ActorController<IntakeFormActor> | undefined;
  private reportedState: IntakeFormState | undefined;
  private focusFirstProblem = false;
  private focusHeading = false;
  private shownPage = 0;
  private rendered: IntakeFormView | undefined;
  /** The choice questions drawn, by the name their radios and checkboxes share: one listener on the form answers them all. */
  private readonly choiceItems = new Map<string, ItemView>();
  private readonly chooseFromForm = (event: Event) => {
    const input = event.target as HTMLInputElement;
    if (input.type !== 'radio' && input.type !== 'checkbox') return;
    const item = this.choiceItems.get(input.name);
    const view = this.rendered;
    if (!item || !view) return;
    if (item.widget === 'boolean') view.answer(item.linkId, [{ valueBoolean: input.value === 'true' }]);
    else view.chooseOption(item.linkId, input.value, input.checked);
  };
  private readonly goOnline = () => this.controller?.send({ type: 'ONLINE' });
  private readonly goOffline = () => this.controller?.send({ type: 'OFFLINE' });

  override connectedCallback(): void {
    if (!this.controller) {
      this.controller = this.actor
        ? new ActorController<IntakeFormActor>(this, this.actor)
        : new ActorController<IntakeFormActor>(this, { create: () => this.createForm() });
    }
    super.connectedCallback();
    window.addEventListener('online', this.goOnline);
    window.addEventListener('offline', this.goOffline);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('online', this.goOnline);
    window.removeEventListener('offline', this.goOffline);
    super.disconnectedCallback();
  }

  private createForm(): IntakeFormActor {
    // The token function is read per request, so a page without a bundler may hand it over after the tag is on the page.
    const records = this.records ?? (this.fhirBase ? lazyFhirRecords({ baseUrl: this.fhirBase, getToken: () => this.getToken?.() }) : undefined);
    const subject = this.subject ? { reference: this.subject } : undefined;
    const author = this.author ? { reference: this.author } : subject;
    return createActor(intakeFormMachine, {
      input: {
        questionnaire: this.questionnaire,
        ...(this.questionnaireUrl ? { questionnaireUrl: this.questionnaireUrl } : {}),
        ...(records ? { records } : {}),
        vault: this.vault ?? preparedVault(),
        ...(subject ? { subject } : {}),
        ...(author ? { author } : {}),
        ...(this.crisisResources ? { crisisResources: this.crisisResources } : {}),
        online: navigator.onLine,
      },
    });
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('actor') && this.actor && this.controller && this.actor !== this.controller.actor) {
      this.controller.setActor(this.actor);
    }
    const questionnaireChanged = changed.has('questionnaire') || changed.has('questionnaireUrl');
    if (this.hasUpdated && questionnaireChanged && this.controller?.owned) {
      this.controller.send({ type: 'LOAD', questionnaire: this.questionnaire, ...(this.questionnaireUrl ? { questionnaireUrl: this.questionnaireUrl } : {}) });
    }
  }

  private get view(): IntakeFormView | undefined {
    return this.controller ? connectIntakeForm(this.controller.snapshot, this.controller.send) : undefined;
  }

  protected override updated(): void {
    const view = this.rendered;
    if (!view) return;
    if (view.state !== this.reportedState) {
      this.reportedState = view.state;
      if (view.state === 'submitted' && view.response) emit(this, 'attune-response-submitted', { response: view.response });
      if ((view.state === 'load-failed' || view.state === 'submit-failed') && view.error) {
        emit(this, 'attune-error', { code: view.error.code, message: view.error.message });
      }
    }
    if (this.focusFirstProblem && view.firstProblemFieldId) {
      this.focusFirstProblem = false;
      this.focusField(view.firstProblemFieldId);
    } else if (this.focusHeading || view.page.index !== this.shownPage) {
      const moved = view.page.index !== this.shownPage;
      this.shownPage = view.page.index;
      if (moved || this.focusHeading) this.renderRoot.querySelector<HTMLElement>('[part="heading"]')?.focus();
      this.focusHeading = false;
    }
  }

  private focusField(fieldId: string): void {
    const field = this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(fieldId)}`);
    const target = field?.matches('fieldset') ? field.querySelector<HTMLElement>('input, select, textarea') : field;
    target?.focus();
  }

  override render(): TemplateResult {
    const view = this.view;
    // One view model per render: every item template reads it, so it is not rebuilt per item.
    this.rendered = view;
    this.choiceItems.clear();
    if (!view) {
      return html`<div part="base"><p part="status" role="status">${msg('No form was given to this element.', { id: 'intake.no-form' })}</p></div>`;
    }
    return html`<div part="base" data-state=${view.state} aria-busy=${view.busy ? 'true' : 'false'}>${this.renderState(view)}</div>`;
  }

  private renderState(view: IntakeFormView): TemplateResult {
    switch (view.state) {
      case 'loading':
        return html`<p part="status" role="status">${msg('Loading the form…', { id: 'intake.loading' })}</p>`;
      case 'load-failed':
        return html`<div part="notice" role="alert">
            <h2 part="heading" tabindex="-1">${msg('The form could not be loaded', { id: 'intake.load-failed.title' })}</h2>
            <p>${this.errorText(view)}</p>
          </div>
          <div part="actions"><button part="button" data-variant="primary" @click=${view.retry}>${msg('Try again', { id: 'intake.retry' })}</button></div>`;
      case 'malformed':
        return this.renderMalformed(view.questionnaireProblems);
      case 'unsupported':
        return this.renderUnsupported(view);
      case 'submitting':
        return html`<h2 part="heading" tabindex="-1">${view.title}</h2>
          <p part="status" role="status">${msg('Sending your answers…', { id: 'intake.submitting' })}</p>`;
      case 'offline-queued':
        return html`<h2 part="heading" tabindex="-1">${view.title}</h2>
          <div part="notice" role="status">
            <p>${msg('You are offline. Your answers are saved securely on this device and will be sent as soon as you are back online.', { id: 'intake.offline-queued' })}</p>
          </div>
          ${this.renderCrisis(view)}
          <div part="actions"><button part="button" @click=${view.retry}>${msg('Try sending now', { id: 'intake.send-now' })}</button></div>`;
      case 'submitted':
        return this.renderSubmitted(view);
      default:
        return this.renderForm(view);
    }
  }

  private renderMalformed(problems: QuestionnaireProblem[]): TemplateResult {
    return html`<div part="notice" role="alert">
      <h2 part="heading" tabindex="-1">${msg('This form cannot be shown', { id: 'intake.malformed.title' })}</h2>
      <p>${msg('The questionnaire has mistakes that must be fixed by whoever wrote it:', { id: 'intake.malformed.lead' })}</p>
      <ul>
        ${problems.length === 0
          ? html`<li>${msg('No questionnaire was given.', { id: 'intake.problem.none-given' })}</li>`
          : problems.map(
              (problem) => html`<li>${questionnaireProblemText(problem)} ${problem.path ? html`<code>${problem.path}</code>` : nothing}
                ${problem.linkId ? html`<code>${problem.linkId}</code>` : nothing}</li>`,
            )}
      </ul>
    </div>`;
  }

  private renderUnsupported(view: IntakeFormView): TemplateResult {
    return html`<h2 part="heading" tabindex="-1">${view.title}</h2>
      <div part="notice" role="alert">
        <p>${msg('This form uses features this app cannot show exactly. You can still fill it in, but check with your clinic if something looks wrong:', { id: 'intake.unsupported.lead' })}</p>
        <ul>
          ${view.unsupported.map(
            (feature) => html`<li>${unsupportedText(feature)} ${feature.detail ? html`<code>${feature.detail}</code>` : nothing}
              ${feature.linkId ? html`<code>${feature.linkId}</code>` : nothing}</li>`,
          )}
        </ul>
      </div>
      <div part="actions">
        <button part="button" data-variant="primary" @click=${() => {
          this.focusHeading = true;
          view.continueAnyway();
        }}>${msg('Continue to the form', { id: 'intake.unsupported.continue' })}</button>
      </div>`;
  }

  private renderSubmitted(view: IntakeFormView): TemplateResult {
    return html`<h2 part="heading" tabindex="-1">${msg('Thank you. Your answers were sent.', { id: 'intake.submitted' })}</h2>
      ${this.renderCrisis(view)}`;
  }

  /** Shown whenever the answers raised a risk flag: after submitting, and already while queued offline. */
  private renderCrisis(view: IntakeFormView): TemplateResult | typeof nothing {
    if (!view.showCrisisResources) return nothing;
    return html`<section part="crisis" role="alert" aria-labelledby="crisis-heading">
      <h3 id="crisis-heading">${msg('You do not have to go through this alone. Help is available right now.', { id: 'intake.crisis.heading' })}</h3>
      <p>${msg('Your clinician will see your answers. If you are thinking about harming yourself, please reach out now:', { id: 'intake.crisis.lead' })}</p>
      <ul>
        ${view.crisisResources.map((resource) => html`<li><a href=${resource.href}>${crisisName(resource)}</a>: ${crisisContact(resource)}</li>`)}
      </ul>
    </section>`;
  }

  private renderForm(view: IntakeFormView): TemplateResult {
    const submitFailed = view.state === 'submit-failed';
    return html`<h2 part="heading" tabindex="-1">${view.title}</h2>
      ${view.resumed ? html`<p part="status">${msg('Welcome back. We kept the answers you had already given.', { id: 'intake.resumed' })}</p>` : nothing}
      ${view.showPageNavigation
        ? html`<div part="progress">
            <span id="progress-label">${msg(str`Page ${view.page.index + 1} of ${view.page.count}`, { id: 'intake.progress' })}${view.page.title && view.page.title !== view.title ? html`: ${view.page.title}` : nothing}</span>
            <progress max=${view.page.count} .value=${view.page.index + 1} aria-labelledby="progress-label"></progress>
          </div>`
        : nothing}
      ${view.problems.length
        ? html`<div part="error-summary" role="alert">
            <p>${view.problems.length === 1
              ? msg('One answer needs your attention:', { id: 'intake.problems.one' })
              : msg(str`${view.problems.length} answers need your attention:`, { id: 'intake.problems.many' })}</p>
            <ul>
              ${view.problems.map(
                (problem) => html`<li>
                  <button class="link-button" part="button" @click=${() => this.focusField(this.fieldIdOf(view, problem))}>
                    ${this.labelOf(view, problem.linkId)}: ${answerProblemText(problem)}
                  </button>
                </li>`,
              )}
            </ul>
          </div>`
        : nothing}
      ${submitFailed ? html`<div part="notice" role="alert"><p>${this.errorText(view)}</p></div>` : nothing}
      <form part="items" novalidate @submit=${(event: Event) => event.preventDefault()} @change=${this.chooseFromForm}>
        ${view.items.map((item) => this.renderItem(item))}
      </form>
      <div part="actions">
        ${view.showPageNavigation && !view.page.isFirst
          ? html`<button part="button" type="button" @click=${view.previousPage}>${msg('Back', { id: 'intake.back' })}</button>`
          : nothing}
        ${view.showPageNavigation && !view.page.isLast
          ? html`<button part="button" type="button" data-variant="primary" @click=${() => {
              this.focusFirstProblem = true;
              view.nextPage();
            }}>${msg('Next', { id: 'intake.next' })}</button>`
          : html`<button part="button" type="button" data-variant="primary" @click=${() => {
              this.focusFirstProblem = true;
              if (submitFailed) view.retry();
              else view.submit();
            }}>${submitFailed ? msg('Try again', { id: 'intake.retry' }) : msg('Submit', { id: 'intake.submit' })}</button>`}
      </div>
      <p part="autosave" role="status">${view.draftSavedAt ? msg('Your draft is saved on this device.', { id: 'intake.draft-saved' }) : nothing}</p>
      ${view.copyright ? html`<p part="copyright">${view.copyright}</p>` : nothing}`;
  }

  private errorText(view: IntakeFormView): string {
    switch (view.error?.code) {
      case 'records/not-found':
        return msg('The form could not be found.', { id: 'intake.error.not-found' });
      case 'auth/unauthenticated':
        return msg('Please sign in again, then try once more.', { id: 'intake.error.unauthenticated' });
      case 'auth/forbidden':
        return msg('You do not have access to this form.', { id: 'intake.error.forbidden' });
      case 'records/invalid':
        return msg('The clinic’s system did not accept these answers. Please contact your clinic.', { id: 'intake.error.invalid' });
      case 'vault/locked':
        return msg('Your answers could not be kept on this device while offline. Please try again when you are online.', { id: 'intake.error.vault' });
      default:
        return msg('Something went wrong. Your answers are still here; please try again.', { id: 'intake.error.other' });
    }
  }

  private fieldIdOf(view: IntakeFormView, problem: AnswerProblem): string {
    return findItem(view.items, problem.linkId)?.fieldId ?? '';
  }

  private labelOf(view: IntakeFormView, linkId: string): string {
    const item = findItem(view.items, linkId);
    return item ? [item.prefix, item.label].filter(Boolean).join(' ') || linkId : linkId;
  }

  private renderItem(item: ItemView): TemplateResult {
    const problem = item.problem
      ? html`<p part="problem" id=${item.problemId}>${answerProblemText(item.problem)}</p>`
      : nothing;
    const describedBy = item.problem ? item.problemId : undefined;
    const invalid = item.problem ? 'true' : undefined;
    const label = html`${item.prefix ? html`${item.prefix} ` : nothing}${item.label}${item.required
      ? html` <span class="required">${msg('(required)', { id: 'intake.required' })}</span>`
      : nothing}`;
    if (item.widget === 'boolean' || item.widget === 'radio' || item.widget === 'checkbox' || item.widget === 'open-choice') this.choiceItems.set(item.fieldId, item);
    const view = this.rendered!;

    switch (item.widget) {
      case 'display':
        return html`<p part="display" id=${item.fieldId}>${item.label}</p>`;
      case 'group':
        return html`<fieldset part="group" data-kind="group" id=${item.fieldId} aria-describedby=${ifDefined(describedBy)}>
          <legend>${label}</legend>
          ${problem}
          ${item.children.map((child) => this.renderItem(child))}
        </fieldset>`;
      case 'boolean':
        return html`<fieldset part="field" role="radiogroup" id=${item.fieldId} aria-required=${item.required ? 'true' : 'false'} aria-describedby=${ifDefined(describedBy)}>
          <legend>${label}</legend>
          ${[true, false].map(
            (choice) => html`<label class="choice">
              <input type="radio" name=${item.fieldId} value=${choice ? 'true' : 'false'} .checked=${item.booleanValue === choice} ?disabled=${item.readOnly}
                aria-invalid=${ifDefined(invalid)} />
              ${choice ? msg('Yes', { id: 'intake.yes' }) : msg('No', { id: 'intake.no' })}
            </label>`,
          )}
          ${problem}
        </fieldset>`;
      case 'radio':
      case 'checkbox':
      case 'open-choice': {
        const multiple = item.widget === 'checkbox' || (item.widget === 'open-choice' && item.repeats);
        return html`<fieldset part="field" role=${multiple ? 'group' : 'radiogroup'} id=${item.fieldId}
          aria-required=${ifDefined(multiple ? undefined : item.required ? 'true' : 'false')} aria-describedby=${ifDefined(describedBy)}>
          <legend>${label}</legend>
          ${item.options.map(
            (option) => html`<label class="choice">
              <input type=${multiple ? 'checkbox' : 'radio'} name=${item.fieldId} value=${option.key} .checked=${option.selected} ?disabled=${item.readOnly}
                aria-invalid=${ifDefined(invalid)} />
              ${option.label}
            </label>`,
          )}
          ${item.widget === 'open-choice'
            ? html`<label class="choice">${msg('Other:', { id: 'intake.other' })}
                <input type="text" .value=${item.otherText} ?readonly=${item.readOnly} maxlength=${ifDefined(item.maxLength)}
                  @change=${(event: Event) => view.enterOtherText(item.linkId, (event.target as HTMLInputElement).value)} />
              </label>`
            : nothing}
          ${problem}
        </fieldset>`;
      }
      case 'select':
        return html`<div part="field">
          <label class="question" for=${item.fieldId}>${label}</label>
          <select id=${item.fieldId} ?disabled=${item.readOnly} ?required=${item.required}
            aria-invalid=${ifDefined(invalid)} aria-describedby=${ifDefined(describedBy)}
            @change=${(event: Event) => {
              const key = (event.target as HTMLSelectElement).value;
              if (key === '') view.answer(item.linkId, []);
              else view.chooseOption(item.linkId, key, true);
            }}>
            <option value="" ?selected=${!item.options.some((option) => option.selected)}>${msg('Choose…', { id: 'intake.choose' })}</option>
            ${item.options.map((option) => html`<option value=${option.key} ?selected=${option.selected}>${option.label}</option>`)}
          </select>
          ${problem}
        </div>`;
      case 'slider':
        return this.renderSlider(item, label, problem, describedBy, invalid);
      case 'attachment':
        return html`<div part="field">
          <label class="question" for=${item.fieldId}>${label}</label>
          <input id=${item.fieldId} type="file" ?disabled=${item.readOnly} ?required=${item.required}
            aria-invalid=${ifDefined(invalid)} aria-describedby=${ifDefined(describedBy)} @change=${(event: Event) => this.attach(item, event)} />
          ${item.attachmentName ? html`<span part="hint">${msg(str`Attached: ${item.attachmentName}`, { id: 'intake.attached' })}</span>` : nothing}
          ${problem}
        </div>`;
      default:
        return this.renderTextEntry(item, label, problem, describedBy, invalid);
    }
  }

  private renderSlider(item: ItemView, label: TemplateResult, problem: TemplateResult | typeof nothing, describedBy: string | undefined, invalid: string | undefined): TemplateResult {
    const view = this.rendered!;
    const byOption = item.options.length > 0;
    const selectedIndex = item.options.findIndex((option) => option.selected);
    const value = byOption ? Math.max(0, selectedIndex) : Number(item.texts[0] ?? item.min ?? 0);
    const valueText = byOption ? (item.options[selectedIndex]?.label ?? msg('Not answered', { id: 'intake.not-answered' })) : String(item.texts[0] ?? '');
    return html`<div part="field">
      <label class="question" for=${item.fieldId}>${label}</label>
      <input id=${item.fieldId} type="range" ?disabled=${item.readOnly}
        min=${byOption ? 0 : Number(item.min ?? 0)} max=${byOption ? item.options.length - 1 : Number(item.max ?? 10)} step=${byOption ? 1 : (item.step ?? 1)}
        .value=${String(value)} aria-valuetext=${valueText} aria-invalid=${ifDefined(invalid)} aria-describedby=${ifDefined(describedBy)}
        @change=${(event: Event) => {
          const raw = (event.target as HTMLInputElement).value;
          if (byOption) view.chooseOption(item.linkId, item.options[Number(raw)]!.key, true);
          else view.enterText(item.linkId, raw);
        }} />
      <output for=${item.fieldId}>${valueText}</output>
      ${problem}
    </div>`;
  }

  private renderTextEntry(item: ItemView, label: TemplateResult, problem: TemplateResult | typeof nothing, describedBy: string | undefined, invalid: string | undefined): TemplateResult {
    const view = this.rendered!;
    const inputType = { date: 'date', datetime: 'datetime-local', time: 'time', url: 'url' }[item.widget as string] ?? 'text';
    const inputMode = item.widget === 'integer' ? 'numeric' : item.widget === 'decimal' || item.widget === 'quantity' ? 'decimal' : undefined;
    // Free text is taken as typed on every keystroke (the draft keeps up); other types when the field is left, so a half-typed number is not rewritten.
    const live = item.widget === 'string' || item.widget === 'text';
    const values = item.repeats ? [...item.texts, ''] : [item.texts[0] ?? ''];
    const hintId = item.placeholder ? `${item.fieldId}-hint` : undefined;
    const describe = [describedBy, hintId].filter(Boolean).join(' ') || undefined;
    return html`<div part="field">
      <label class="question" for=${item.fieldId}>${label}</label>
      ${item.placeholder ? html`<span part="hint" id=${ifDefined(hintId)}>${msg(str`Format: ${item.placeholder}`, { id: 'intake.format' })}</span>` : nothing}
      ${values.map((text, index) => {
        const id = index === 0 ? item.fieldId : `${item.fieldId}-${index}`;
        const handler = (event: Event) => view.enterText(item.linkId, (event.target as HTMLInputElement).value, index);
        const otherLabel = index === 0 ? undefined : msg(str`${item.label} (answer ${index + 1})`, { id: 'intake.repeat-label' });
        return item.widget === 'text'
          ? html`<textarea id=${id} .value=${text} ?readonly=${item.readOnly} maxlength=${ifDefined(item.maxLength)}
              aria-label=${ifDefined(otherLabel)} ?required=${item.required && index === 0} aria-invalid=${ifDefined(invalid)}
              aria-describedby=${ifDefined(describe)} @input=${handler}></textarea>`
          : html`<input id=${id} type=${inputType} .value=${text} ?readonly=${item.readOnly} inputmode=${ifDefined(inputMode)}
              maxlength=${ifDefined(item.maxLength)} aria-label=${ifDefined(otherLabel)} ?required=${item.required && index === 0}
              aria-invalid=${ifDefined(invalid)} aria-describedby=${ifDefined(describe)}
              @input=${live ? handler : undefined} @change=${live ? undefined : handler} />`;
      })}
      ${item.unit ? html`<span part="unit">${item.unit}</span>` : nothing}
      ${problem}
    </div>`;
  }

  private attach(item: ItemView, event: Event): void {
    const file = (event.target as HTMLInputElement).files?.[0];
    const view = this.rendered!;
    if (!file) {
      view.answer(item.linkId, []);
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      const data = String(reader.result).split(',')[1] ?? '';
      view.answer(item.linkId, [{ valueAttachment: { contentType: file.type || 'application/octet-stream', data, title: file.name, size: file.size } }]);
    };
    reader.readAsDataURL(file);
  }
}

/** Attune's own vault, already looking for its database while the form is built, so the draft lookup waits less. */
function preparedVault(): Vault {
  const vault = lazyVault();
  vault.prepare();
  return vault;
}

function findItem(items: ItemView[], linkId: string): ItemView | undefined {
  for (const item of items) {
    if (item.linkId === linkId) return item;
    const found = findItem(item.children, linkId);
    if (found) return found;
  }
  return undefined;
}

function answerProblemText(problem: AnswerProblem): string {
  const limit = String(problem.limit ?? '');
  switch (problem.code) {
    case 'required':
      return msg('This question needs an answer.', { id: 'intake.problem.required' });
    case 'too-long':
      return msg(str`Please use at most ${limit} characters.`, { id: 'intake.problem.too-long' });
    case 'below-min':
      return msg(str`Please enter ${limit} or more.`, { id: 'intake.problem.below-min' });
    case 'above-max':
      return msg(str`Please enter ${limit} or less.`, { id: 'intake.problem.above-max' });
    case 'pattern':
      return limit
        ? msg(str`Please use the format ${limit}.`, { id: 'intake.problem.pattern-format' })
        : msg('This answer is not in the expected format.', { id: 'intake.problem.pattern' });
    case 'not-integer':
      return msg('Please enter a whole number.', { id: 'intake.problem.not-integer' });
    case 'not-decimal':
      return msg('Please enter a number.', { id: 'intake.problem.not-decimal' });
    case 'not-date':
      return msg('Please enter a valid date.', { id: 'intake.problem.not-date' });
    case 'not-date-time':
      return msg('Please enter a valid date and time.', { id: 'intake.problem.not-date-time' });
    case 'not-time':
      return msg('Please enter a valid time.', { id: 'intake.problem.not-time' });
    case 'not-url':
      return msg('Please enter a full web address, such as https://example.org.', { id: 'intake.problem.not-url' });
    default:
      return msg('Please choose one of the answers offered.', { id: 'intake.problem.not-an-option' });
  }
}

function questionnaireProblemText(problem: QuestionnaireProblem): string {
  switch (problem.code) {
    case 'json-invalid':
      return msg('The form is not valid JSON.', { id: 'intake.malformed.json-invalid' });
    case 'not-a-questionnaire':
      return msg('This is not a FHIR Questionnaire.', { id: 'intake.malformed.not-a-questionnaire' });
    case 'item-invalid':
      return msg('An item is not well formed.', { id: 'intake.malformed.item-invalid' });
    case 'linkid-missing':
      return msg('An item has no linkId.', { id: 'intake.malformed.linkid-missing' });
    case 'linkid-duplicate':
      return msg('Two items share the same linkId.', { id: 'intake.malformed.linkid-duplicate' });
    case 'type-unknown':
      return msg('An item has a type that FHIR R4 does not define.', { id: 'intake.malformed.type-unknown' });
    case 'enablewhen-invalid':
      return msg('A display condition (enableWhen) is not well formed.', { id: 'intake.malformed.enablewhen-invalid' });
    case 'enablewhen-target-missing':
      return msg('A display condition refers to a question that does not exist.', { id: 'intake.malformed.enablewhen-target-missing' });
    case 'enablewhen-cycle':
      return msg('Display conditions depend on each other in a circle.', { id: 'intake.malformed.enablewhen-cycle' });
    case 'regex-invalid':
      return msg('A format rule (regex) is not a valid regular expression.', { id: 'intake.malformed.regex-invalid' });
    case 'answer-option-invalid':
      return msg('An answer option is not well formed.', { id: 'intake.malformed.answer-option-invalid' });
    default:
      return msg('An answer list refers to a value set the form does not contain.', { id: 'intake.malformed.valueset-missing' });
  }
}

function unsupportedText(feature: UnsupportedFeature): string {
  switch (feature.kind) {
    case 'extension':
      return msg('An extension this app does not understand:', { id: 'intake.unsupported.extension' });
    case 'modifier-extension':
      return msg('A modifier extension that changes the meaning of a question:', { id: 'intake.unsupported.modifier-extension' });
    case 'reference-item':
      return msg('A question asking for a reference, shown as plain text entry:', { id: 'intake.unsupported.reference-item' });
    case 'repeating-group':
      return msg('A repeating group of questions, shown once:', { id: 'intake.unsupported.repeating-group' });
    case 'nested-under-question':
      return msg('Questions nested under another question, shown after it:', { id: 'intake.unsupported.nested' });
    case 'item-control':
      return msg('A control type shown as the default control instead:', { id: 'intake.unsupported.item-control' });
    case 'external-value-set':
      return msg('An answer list that is not included in the form:', { id: 'intake.unsupported.external-value-set' });
    default:
      return msg('An expression in a language other than FHIRPath:', { id: 'intake.unsupported.expression-language' });
  }
}

function crisisName(resource: CrisisResource): string {
  if (resource.id === '988') return msg('988 Suicide & Crisis Lifeline', { id: 'intake.crisis.988.name' });
  if (resource.id === '911') return msg('Emergency services', { id: 'intake.crisis.911.name' });
  return resource.name;
}

function crisisContact(resource: CrisisResource): string {
  if (resource.id === '988') return msg('Call or text 988, any time, day or night.', { id: 'intake.crisis.988.contact' });
  if (resource.id === '911') return msg('Call 911 if you are in immediate danger.', { id: 'intake.crisis.911.contact' });
  return resource.contact;
}
