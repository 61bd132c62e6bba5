// The two error-body shapes Hopsworks writes (hopsworks-rest.md §1.2), with the codes and fixed texts of
// RESTCodes.java, so a client's error handling meets exactly what a real cluster sends.

/** Standard REST error: `{ errorCode, errorMsg, usrMsg }`. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: number,
    readonly errorMsg: string,
    readonly usrMsg?: string,
    readonly headers?: Record<string, string>,
  ) {
    super(usrMsg ? `${errorMsg}: ${usrMsg}` : errorMsg);
  }

  body(): Record<string, unknown> {
    return { errorCode: this.errorCode, errorMsg: this.errorMsg, usrMsg: this.usrMsg };
  }
}

/** Confluent-style error of the schema-registry endpoints: `{ error_code, message }`. */
export class SchemaRegistryError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: number,
  ) {
    super(SCHEMA_REGISTRY_MESSAGES[errorCode] ?? 'Schema registry error');
  }

  body(): Record<string, unknown> {
    return { error_code: this.errorCode, message: this.message };
  }
}

const SCHEMA_REGISTRY_MESSAGES: Record<number, string> = {
  40401: 'Subject not found',
  40402: 'Version not found',
  42202: 'Invalid version',
};

type Def = readonly [status: number, code: number, message: string];

// [HTTP status, errorCode, errorMsg] exactly as RESTCodes.java declares them.
const CODES = {
  // Generic 120000
  UNKNOWN_ERROR: [500, 120000, 'A generic error occurred.'],
  ILLEGAL_ARGUMENT: [422, 120001, 'An argument was not provided or it was malformed.'],
  WEBAPPLICATION: [400, 120004, 'Web application exception occurred'],
  // Service 100000
  VARIABLE_NOT_FOUND: [404, 100050, 'Requested variable not found'],
  // Project 150000
  PROJECT_NOT_FOUND: [400, 150004, "Project wasn't found."],
  PROJECT_ROLE_FORBIDDEN: [403, 150068, 'Your project role does not allow to perform this action.'],
  // Kafka 190000
  TOPIC_NOT_FOUND: [404, 190000, 'No topics found'],
  TOPIC_ALREADY_EXISTS: [409, 190002, 'Kafka topic already exists in database. Pick a different topic name'],
  TOPIC_LIMIT_REACHED: [
    412,
    190004,
    'Topic limit reached. Contact your administrator to increase the number of topics that can be created for ' +
      'this project.',
  ],
  TOPIC_REPLICATION_ERROR: [400, 190005, 'Maximum topic replication factor exceeded'],
  SCHEMA_NOT_FOUND: [404, 190006, 'Topic has no schema attached to it.'],
  BAD_NUM_PARTITION: [400, 190015, 'Invalid number of partitions'],
  TOPIC_CREATION_FAILED: [500, 190024, 'Could not create topic.'],
  // User 160000
  NO_ROLE_FOUND: [403, 160000, 'No valid role found for this user'],
  // Security 200000
  EJB_ACCESS_LOCAL: [401, 200003, 'Unauthorized invocation'],
  // Serving 240000
  INSTANCE_NOT_FOUND: [404, 240000, 'Serving instance not found'],
  DELETION_ERROR: [500, 240001, 'Serving instance could not be deleted'],
  UPDATE_ERROR: [500, 240002, 'Serving instance could not be updated'],
  LIFECYCLE_ERROR: [400, 240003, 'Serving instance could not be started/stopped'],
  MODEL_PATH_NOT_FOUND: [400, 240006, 'Model path not found'],
  COMMAND_NOT_RECOGNIZED: [400, 240007, 'Command not recognized'],
  COMMAND_NOT_PROVIDED: [400, 240008, 'Command not provided'],
  DUPLICATED_ENTRY: [400, 240011, 'An entry with the same name already exists in this project'],
  UPDATE_MODEL_SERVER_ERROR: [400, 240013, 'The model server of a deployment cannot be updated.'],
  SCRIPT_NOT_FOUND: [400, 240016, 'Script not found'],
  MODEL_FILES_STRUCTURE_NOT_VALID: [400, 240017, 'Model path does not have a valid file structure'],
  MODEL_ARTIFACT_NOT_VALID: [400, 240018, 'Model artifact not valid'],
  MODEL_ARTIFACT_OPERATION_ERROR: [400, 240019, 'Model artifact cannot be created or changed'],
  PREDICTOR_NOT_SUPPORTED: [400, 240020, 'Predictors not supported'],
  TRANSFORMER_NOT_SUPPORTED: [400, 240021, 'Transformers not supported'],
  KAFKA_TOPIC_NOT_FOUND: [400, 240022, 'Kafka topic not found'],
  KAFKA_TOPIC_NOT_VALID: [400, 240023, 'Kafka topic not valid'],
  FINEGRAINED_INF_LOGGING_NOT_SUPPORTED: [400, 240024, 'Fine-grained inference logging not supported'],
  REQUEST_BATCHING_NOT_SUPPORTED: [400, 240025, 'Request batching not supported'],
  CREATE_ERROR: [400, 240026, 'Serving instance could not be created'],
  SERVER_LOGS_NOT_AVAILABLE: [404, 240027, 'Server logs not available'],
  // Inference 250000
  SERVING_NOT_FOUND: [404, 250000, 'Serving instance not found'],
  SERVING_NOT_RUNNING: [400, 250001, 'Serving instance not running'],
  INFERENCE_BAD_REQUEST: [400, 250004, 'Request malformed'],
  MISSING_VERB: [400, 250005, 'Verb is missing'],
  SERVING_INSTANCE_INTERNAL: [500, 250007, 'Serving instance internal error'],
  SERVING_INSTANCE_BAD_REQUEST: [400, 250008, 'Serving instance bad request error'],
  // Feature store 270000
  FEATURESTORE_NOT_FOUND: [404, 270008, "Featurestore wasn't found."],
  // ApiKey 320000
  KEY_SCOPE_CONTROL_EXCEPTION: [403, 320004, 'No valid scope found for this invocation'],
  KEY_INVALID: [401, 320012, 'Invalid or incorrect API key.'],
  KEY_NOT_FOUND_IN_DATABASE: [401, 320013, 'API key not found in the database'],
  // Model registry 360000
  MODEL_NOT_FOUND: [404, 360000, 'No model found for provided name and version.'],
} as const satisfies Record<string, Def>;

export type ErrorName = keyof typeof CODES;

export function restError(name: ErrorName, usrMsg?: string, headers?: Record<string, string>): RestError {
  const [status, code, message] = CODES[name];
  return new RestError(status, code, message, usrMsg, headers);
}

/**
 * What JAX-RS itself answers (Hopsworks' ThrowableMapper wraps it as a WebApplicationException): 405 for a
 * method the path lacks, 404 for no path, 415 for a body type the method does not `@Consume`.
 */
export function webApplicationError(status: 404 | 405 | 413 | 415): RestError {
  const text = {
    404: 'Not Found',
    405: 'Method Not Allowed',
    413: 'Request Entity Too Large',
    415: 'Unsupported Media Type',
  }[status];
  return new RestError(status, 120004, 'Web application exception occurred', `HTTP ${status} ${text}`);
}

/** `ProjectAuthFilter` answers an unknown project id with 404 (the same code is 400 elsewhere). */
export function projectNotFoundByFilter(): RestError {
  const e = restError('PROJECT_NOT_FOUND');
  return new RestError(404, e.errorCode, e.errorMsg);
}

/** The server's IllegalArgumentException path: 422 120001 with the reason in `usrMsg`. */
export function illegalArgument(usrMsg: string): RestError {
  return restError('ILLEGAL_ARGUMENT', usrMsg);
}
