export { CloseCode, FATAL_PROTOCOL_CLOSE_CODES } from './close-codes';
export { ERROR_CODES, ErrorCode, errorCodeOf, hasErrorCode, isErrorCode } from './error-codes';
